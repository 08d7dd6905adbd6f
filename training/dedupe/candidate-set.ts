/**
 * The union of candidate pairs from every source (blocking rules, embedding neighbours), each pair
 * once with a bit per source that proposed it. Pairs are record indexes with lo < hi, packed into
 * one number (lo * n + hi, exact below 2^53), so a million records' pairs cost no per-pair objects.
 * A JS Map holds at most 2^24 entries, so pairs go into a list of Maps, a new one when the last is
 * full; iteration keeps insertion order.
 */
export class CandidateSet {
  readonly #n: number;
  readonly #sources: string[] = [];
  readonly #maps: Map<number, number>[] = [new Map()];
  readonly #mapLimit: number;

  /** @param mapLimit entries per Map (below V8's 2^24 limit; smaller in tests). */
  constructor(recordCount: number, mapLimit = 16_000_000) {
    this.#n = recordCount;
    this.#mapLimit = mapLimit;
  }

  /** Names of the sources in bit order. */
  get sources(): readonly string[] {
    return this.#sources;
  }

  get size(): number {
    let total = 0;
    for (const map of this.#maps) total += map.size;
    return total;
  }

  /** Adds pairs (flattened [a, b, ...], either order, a ≠ b) under a source name. */
  add(source: string, pairs: ArrayLike<number>): void {
    let bit = this.#sources.indexOf(source);
    if (bit < 0) bit = this.#sources.push(source) - 1;
    if (bit > 30) throw new RangeError("at most 31 candidate sources");
    const mask = 1 << bit;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const a = pairs[i] as number;
      const b = pairs[i + 1] as number;
      if (a === b || a < 0 || b < 0) continue;
      const key = a < b ? a * this.#n + b : b * this.#n + a;
      let found = false;
      for (const map of this.#maps) {
        const previous = map.get(key);
        if (previous === undefined) continue;
        map.set(key, previous | mask);
        found = true;
        break;
      }
      if (!found) this.#last().set(key, mask);
    }
  }

  /** The Map new keys go to, a fresh one once the last is full. */
  #last(): Map<number, number> {
    let last = this.#maps[this.#maps.length - 1] as Map<number, number>;
    if (last.size >= this.#mapLimit) {
      last = new Map();
      this.#maps.push(last);
    }
    return last;
  }

  /** Every pair as [lo, hi, sourceMask], in insertion order. */
  *entries(): Generator<[number, number, number]> {
    for (const map of this.#maps)
      for (const [key, mask] of map) {
        const lo = Math.floor(key / this.#n);
        yield [lo, key - lo * this.#n, mask];
      }
  }

  /** The source mask of a pair, 0 when no source proposed it. */
  maskOf(a: number, b: number): number {
    const key = a < b ? a * this.#n + b : b * this.#n + a;
    for (const map of this.#maps) {
      const mask = map.get(key);
      if (mask !== undefined) return mask;
    }
    return 0;
  }

  /** Source names of a mask, `|`-joined as in candidates.csv. */
  names(mask: number): string {
    return this.#sources.filter((_, bit) => mask & (1 << bit)).join("|");
  }
}
