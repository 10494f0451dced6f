/** A fixed-size set of small integers (identity indexes), 32 per word. */
export class Bitset {
  /** A set of `size` members, all present. */
  public static full(size: number): Bitset {
    const b = new Bitset(size);
    b.words.fill(0xffffffff);
    const tail = size % 32;
    if (tail !== 0) b.words[b.words.length - 1] = (2 ** tail - 1) >>> 0;
    return b;
  }

  public readonly words: Uint32Array;

  /** An empty set able to hold 0 .. size-1. */
  public constructor(public readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  /** Adds one member. */
  public add(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }

  /** Removes one member. */
  public delete(i: number): void {
    this.words[i >>> 5] &= ~(1 << (i & 31));
  }

  /** True when `i` is a member. */
  public has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** Adds every member of `other` (same size). */
  public or(other: Bitset): void {
    for (let w = 0; w < this.words.length; w++) this.words[w] |= other.words[w];
  }

  /** Removes every member of `other` (same size). */
  public andNot(other: Bitset): void {
    for (let w = 0; w < this.words.length; w++) this.words[w] &= ~other.words[w];
  }

  /** Members in increasing order. */
  public members(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (this.has(i)) out.push(i);
    return out;
  }
}
