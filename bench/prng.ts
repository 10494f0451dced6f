/**
 * A seeded pseudo-random number generator (mulberry32): the same seed gives the same sequence on
 * every machine, so generated topologies are reproducible.
 */
export class Prng {
  private state: number;

  public constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, bound). */
  public below(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  /** `count` distinct indexes of [0, size), in increasing order (a seeded partial shuffle). */
  public sample(size: number, count: number): number[] {
    const pool = Array.from({ length: size }, (_, i) => i);
    const take = Math.min(count, size);
    for (let i = 0; i < take; i++) {
      const j = i + this.below(size - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, take).sort((a, b) => a - b);
  }
}
