/**
 * Strict IP address and CIDR parsing, as Go's `net/netip` and Kubernetes' strict IP validation do it:
 * no leading zeros in IPv4 octets or prefix lengths, no IPv6 zones. The one parser of the
 * compiler side: value factories (`checkCidr`, with hints) and the schema validator use it. The
 * verify engine keeps its own (src/verify/match/ip.ts), on purpose.
 */

/** A parsed IP address. */
export interface IpAddress {
  /** 4 or 6. */
  readonly family: 4 | 6;
  /** The address as an unsigned integer of 32 or 128 bits. */
  readonly value: bigint;
  /** True for an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`). */
  readonly ipv4Mapped: boolean;
}

/** A parsed CIDR: an address and a prefix length. */
export interface Cidr extends IpAddress {
  /** The prefix length, 0-32 or 0-128. */
  readonly prefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;

function parseIpv4Value(text: string): bigint | undefined {
  const match = IPV4.exec(text);
  if (match === null) return undefined;
  let value = 0n;
  for (const octet of match.slice(1)) {
    if (octet.length > 1 && octet.startsWith('0')) return undefined;
    const n = Number(octet);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6Groups(text: string, maxGroups: number): bigint[] | undefined {
  if (text === '') return [];
  const groups: bigint[] = [];
  for (const group of text.split(':')) {
    if (!HEX_GROUP.test(group)) return undefined;
    groups.push(BigInt(`0x${group}`));
  }
  return groups.length > maxGroups ? undefined : groups;
}

function parseIpv6Value(text: string): bigint | undefined {
  if (text.includes('%')) return undefined;
  let body = text;
  let tail: bigint[] = [];
  const lastColon = body.lastIndexOf(':');
  if (lastColon >= 0 && body.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4Value(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    const head = body.slice(0, lastColon + 1);
    body = head.endsWith('::') ? head : head.slice(0, -1);
  }
  const room = 8 - tail.length;
  const halves = body.split('::');
  let groups: bigint[];
  if (halves.length === 1) {
    const all = parseIpv6Groups(halves[0], room);
    if (all === undefined || all.length !== room) return undefined;
    groups = all;
  } else if (halves.length === 2) {
    const head = parseIpv6Groups(halves[0], room);
    const rest = parseIpv6Groups(halves[1], room);
    if (head === undefined || rest === undefined || head.length + rest.length >= room) return undefined;
    groups = [...head, ...new Array<bigint>(room - head.length - rest.length).fill(0n), ...rest];
  } else {
    return undefined;
  }
  return [...groups, ...tail].reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Parses an IPv4 or IPv6 address; undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6Value(text);
    if (value === undefined) return undefined;
    return { family: 6, value, ipv4Mapped: value >> 32n === 0xffffn };
  }
  const value = parseIpv4Value(text);
  return value === undefined ? undefined : { family: 4, value, ipv4Mapped: false };
}

/** Parses `address/prefix`; undefined when it is not a CIDR. Host bits beyond the prefix are allowed here. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || slash !== text.lastIndexOf('/')) return undefined;
  const address = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !DECIMAL.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bitsOf(address)) return undefined;
  return { ...address, prefix };
}

/** Number of bits of an address of this family. */
export function bitsOf(address: IpAddress): number {
  return address.family === 4 ? 32 : 128;
}

/** True when the CIDR has bits set beyond its prefix length (e.g. `10.0.0.1/8`). */
export function hasHostBits(cidr: Cidr): boolean {
  const hostBits = BigInt(bitsOf(cidr) - cidr.prefix);
  return (cidr.value & ((1n << hostBits) - 1n)) !== 0n;
}

/** True when `inner`'s network lies inside `outer`'s network (same family, prefix at least as long). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const shift = BigInt(bitsOf(outer) - outer.prefix);
  return inner.value >> shift === outer.value >> shift;
}

function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** The canonical text of an address (dotted quad, or RFC 5952 IPv6). */
export function formatIp(address: IpAddress): string {
  if (address.family === 6) return formatIpv6(address.value);
  return [24n, 16n, 8n, 0n].map((shift) => String((address.value >> shift) & 0xffn)).join('.');
}

/** The canonical text of the network of a CIDR, host bits cleared (`10.0.0.1/8` → `10.0.0.0/8`). */
export function formatNetwork(cidr: Cidr): string {
  const hostBits = BigInt(bitsOf(cidr) - cidr.prefix);
  const network = (cidr.value >> hostBits) << hostBits;
  return `${formatIp({ ...cidr, value: network })}/${cidr.prefix}`;
}

/**
 * Parses a CIDR as a value factory takes it: strict, with the host bits clear. Returns the CIDR,
 * or what is wrong with a hint.
 */
export function checkCidr(text: string): Cidr | string {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) {
    const single = typeof text === 'string' ? parseIp(text) : undefined;
    return single
      ? `'${text}' is not in CIDR notation (address/prefix). Did you mean '${text}/${bitsOf(single)}'?`
      : `'${text}' is not in CIDR notation (address/prefix). Write e.g. '10.0.0.0/8' or 'fd00::/8'`;
  }
  const address = parseIp(m[1]);
  if (!address)
    return `'${m[1]}' is not a valid IP address. Write four numbers 0-255 (e.g. '10.0.0.0/8') or an IPv6 address (e.g. 'fd00::/8')`;
  if (!DECIMAL.test(m[2])) return `prefix /${m[2]} has a leading zero. Write /${Number(m[2])}`;
  const prefix = Number(m[2]);
  if (prefix > bitsOf(address))
    return `prefix /${prefix} is longer than ${bitsOf(address)} bits. Use a prefix length between 0 and ${bitsOf(address)}`;
  const cidr: Cidr = { ...address, prefix };
  if (hasHostBits(cidr)) return `'${text}' has host bits set beyond the prefix. Did you mean '${formatNetwork(cidr)}'?`;
  return cidr;
}

/**
 * The private and shared IPv4 ranges (RFC 1918, RFC 6598 CGNAT, RFC 3927 link-local): what
 * "the public internet" leaves out.
 */
export const PRIVATE_V4: readonly string[] = [
  '10.0.0.0/8',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
];
