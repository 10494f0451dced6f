/**
 * CIDR parsing and containment for IPv4 and IPv6, exact to the bit (bigint arithmetic).
 */
export interface ParsedCidr {
  readonly family: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

/** Parses an IPv4 or IPv6 address into a bigint; undefined when malformed. */
export function parseIp(text: string): { family: 4 | 6; value: bigint } | undefined {
  if (text.includes(':')) return parseIpv6(text);
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return { family: 4, value: v };
}

function parseIpv6(text: string): { family: 6; value: bigint } | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const groups = halves.length === 2 ? [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail] : head;
  if (groups.length !== 8) return undefined;
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return { family: 6, value: v };
}

/** Parses `addr/prefix`; returns an error string for malformed input. */
export function parseCidr(text: string): ParsedCidr | string {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(text);
  if (!m) {
    const single = typeof text === 'string' ? parseIp(text) : undefined;
    return single ? `'${text}' is not in CIDR notation (address/prefix). Did you mean '${text}/${single.family === 4 ? 32 : 128}'?`
      : `'${text}' is not in CIDR notation (address/prefix). Write e.g. '10.0.0.0/8' or 'fd00::/8'`;
  }
  const ip = parseIp(m[1]);
  if (!ip) return `'${m[1]}' is not a valid IP address. Write four numbers 0-255 (e.g. '10.0.0.0/8') or an IPv6 address (e.g. 'fd00::/8')`;
  const prefix = Number(m[2]);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix > bits) return `prefix /${prefix} is longer than ${bits} bits. Use a prefix length between 0 and ${bits}`;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((ip.value & hostMask) !== 0n) {
    const network = formatIp(ip.family, ip.value & ~hostMask);
    return `'${text}' has host bits set beyond the prefix. Did you mean '${network}/${prefix}'?`;
  }
  return { family: ip.family, address: ip.value, prefix };
}

/** True when `inner` lies inside `outer` (same family, prefix at least as long). */
export function cidrContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix) return false;
  const bits = outer.family === 4 ? 32 : 128;
  const shift = BigInt(bits - outer.prefix);
  return (outer.address >> shift) === (inner.address >> shift);
}

/** True when the address lies inside the CIDR. */
export function cidrContainsIp(outer: ParsedCidr, ip: { family: 4 | 6; value: bigint }): boolean {
  return cidrContains(outer, { family: ip.family, address: ip.value, prefix: ip.family === 4 ? 32 : 128 });
}

/** Formats an address in canonical form (IPv6 compressed). */
export function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => Number((value >> s) & 255n)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let best = -1; let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Canonical text of a parsed CIDR. */
export function formatCidr(c: ParsedCidr): string {
  return `${formatIp(c.family, c.address)}/${c.prefix}`;
}
