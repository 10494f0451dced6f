/**
 * IP addresses and CIDR blocks for the intent side, written independently of the compiler's
 * validation and of the manifest evaluator: a bug shared with either would hide itself.
 */

/** An IPv4 or IPv6 address as a number. */
export interface Address {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** A CIDR block: its first address and prefix length. */
export interface Block {
  readonly family: 4 | 6;
  readonly base: bigint;
  readonly prefix: number;
}

/** Parses a dotted IPv4 or an IPv6 address (with `::`); undefined when it is neither. */
export function parseAddress(text: string): Address | undefined {
  return text.includes(':') ? parseV6(text) : parseV4(text);
}

/** Parses `address/prefix`; undefined when malformed. Host bits are cleared. */
export function parseBlock(text: string): Block | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = address.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  return { family: address.family, base: (address.value >> hostBits) << hostBits, prefix };
}

/** True when the block contains the address (same family, same leading `prefix` bits). */
export function blockContains(block: Block, address: Address): boolean {
  if (block.family !== address.family) return false;
  const hostBits = BigInt((block.family === 4 ? 32 : 128) - block.prefix);
  return address.value >> hostBits === block.base >> hostBits;
}

/** True when `inner` lies entirely inside `outer`. */
export function blockWithin(inner: Block, outer: Block): boolean {
  return (
    inner.family === outer.family &&
    inner.prefix >= outer.prefix &&
    blockContains(outer, { family: inner.family, value: inner.base })
  );
}

/**
 * IPv4 blocks that are not public addresses (IANA special-purpose registry, RFC 6890 and
 * successors): this host, private (RFC 1918), shared (RFC 6598), loopback, link-local,
 * IETF protocol assignments, documentation (TEST-NET-1/2/3), benchmarking, multicast, reserved.
 */
const NON_PUBLIC_V4: readonly Block[] = [
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
].map((b) => parseBlock(b) as Block);

/**
 * True when `cidr` minus `except` contains every public IPv4 address: the block is
 * `0.0.0.0/0` and each exception lies inside one non-public range. A DNS name outside the
 * cluster may resolve to any public address, so only such a block covers it by address.
 */
export function coversEveryPublicV4(cidr: Block, except: readonly Block[]): boolean {
  if (cidr.family !== 4 || cidr.prefix !== 0) return false;
  return except.every((e) => e.family !== 4 || NON_PUBLIC_V4.some((n) => blockWithin(e, n)));
}

function parseV4(text: string): Address | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return { family: 4, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n) };
}

function parseV6(text: string): Address | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { family: 6, value: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}
