/** A parsed IPv4 or IPv6 address. */
interface ParsedAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/**
 * Whether `ip` lies inside `block`, a single address (`203.0.113.4`) or a CIDR
 * (`203.0.113.0/24`), IPv4 or IPv6. A malformed block or address never matches.
 */
export function ipInBlock(ip: string, block: string): boolean {
  const address = parseAddress(ip);
  const slash = block.indexOf('/');
  const network = parseAddress(slash < 0 ? block : block.slice(0, slash));
  if (!address || !network || address.family !== network.family) return false;
  const width = address.family === 4 ? 32 : 128;
  const prefix = slash < 0 ? width : Number(block.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return false;
  const shift = BigInt(width - prefix);
  return (address.value >> shift) === (network.value >> shift);
}

function parseAddress(text: string): ParsedAddress | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): ParsedAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some(part => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return { family: 4, value: parts.reduce((acc, part) => (acc << 8n) + BigInt(Number(part)), 0n) };
}

function parseIpv6(text: string): ParsedAddress | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some(group => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return { family: 6, value: all.reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group, 16)), 0n) };
}
