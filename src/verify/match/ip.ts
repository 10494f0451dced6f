/**
 * IPv4 / IPv6 addresses and CIDR blocks as integers, for ipBlock and CIDR rules.
 */

/** An IP address as an integer of its family. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
  /** The text it was parsed from. */
  readonly text: string;
}

/** A CIDR block: the network address (host bits cleared) and the prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
  readonly text: string;
}

const BITS = { 4: 32, 6: 128 } as const;

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = parseV4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const left = groupsOf(halves[0]);
  const right = halves.length === 2 ? groupsOf(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

/** Parses an IPv4 or IPv6 address; undefined when the text is not one. */
export function parseIp(text: string): IpAddress | undefined {
  const t = text.trim();
  if (t.includes(':')) {
    const v = parseV6(t);
    return v === undefined ? undefined : { family: 6, value: v, text: t };
  }
  const v = parseV4(t);
  return v === undefined ? undefined : { family: 4, value: v, text: t };
}

/**
 * Parses a CIDR (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a host block (`/32`, `/128`).
 * Host bits beyond the prefix are cleared, as the data planes do. Undefined when invalid.
 */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len, ...rest] = text.trim().split('/');
  if (rest.length > 0) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const max = BITS[ip.family];
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return undefined;
  const prefix = len === undefined ? max : Number(len);
  if (prefix > max) return undefined;
  return { family: ip.family, network: ip.value & mask(ip.family, prefix), prefix, text: text.trim() };
}

function mask(family: 4 | 6, prefix: number): bigint {
  const max = BITS[family];
  const all = (1n << BigInt(max)) - 1n;
  return prefix === 0 ? 0n : (all >> BigInt(max - prefix)) << BigInt(max - prefix);
}

/** True when `ip` lies inside `cidr`. */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  return cidr.family === ip.family && (ip.value & mask(cidr.family, cidr.prefix)) === cidr.network;
}

/** True when block `inner` lies inside block `outer` (equal blocks included). */
export function cidrCovers(outer: Cidr, inner: Cidr): boolean {
  return (
    outer.family === inner.family &&
    inner.prefix >= outer.prefix &&
    (inner.network & mask(outer.family, outer.prefix)) === outer.network
  );
}

/** First and last address of a block. */
export function cidrRange(cidr: Cidr): readonly [bigint, bigint] {
  const hostBits = BigInt(BITS[cidr.family] - cidr.prefix);
  return [cidr.network, cidr.network + (1n << hostBits) - 1n];
}

/**
 * Address blocks that are not public (RFC 6890 special-purpose: private, shared, loopback,
 * link-local, documentation, benchmarking, multicast, reserved; IPv6 ULA, link-local, multicast,
 * documentation, loopback, unspecified, IPv4-mapped).
 */
export const NON_PUBLIC_BLOCKS: readonly Cidr[] = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '::1/128',
  '::ffff:0:0/96',
  '64:ff9b:1::/48',
  '100::/64',
  '2001:db8::/32',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
].map((c) => parseCidr(c) as Cidr);

/** True when the address is not inside any non-public block. */
export function isPublicIp(ip: IpAddress): boolean {
  return !NON_PUBLIC_BLOCKS.some((b) => cidrContains(b, ip));
}

/**
 * True when every public address of the block's family lies inside `cidr` minus `except`: the
 * block is `/0` and each exception lies within the (merged) non-public ranges.
 */
export function coversEveryPublicAddress(cidr: Cidr, except: readonly Cidr[]): boolean {
  if (cidr.prefix !== 0) return false;
  const ranges = mergedRanges(NON_PUBLIC_BLOCKS.filter((b) => b.family === cidr.family));
  return except.every((e) => {
    if (e.family !== cidr.family) return true;
    const [lo, hi] = cidrRange(e);
    return ranges.some(([a, b]) => a <= lo && hi <= b);
  });
}

function mergedRanges(blocks: readonly Cidr[]): Array<[bigint, bigint]> {
  const sorted = blocks.map(cidrRange).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Array<[bigint, bigint]> = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) last[1] = hi > last[1] ? hi : last[1];
    else out.push([lo, hi]);
  }
  return out;
}
