/**
 * The union of candidate pairs from every source (blocking rules, embedding neighbours), each pair
 * once with a bit per source that proposed it. Pairs are record indexes with lo < hi, packed into
 * one number (lo * n + hi, exact below 2^53), so a million records' pairs cost no per-pair objects.
 */
export class CandidateSet {
  readonly #n: number;
  readonly #sources: string[] = [];
  readonly #pairs = new Map<number, number>();

  constructor(recordCount: number) {
    this.#n = recordCount;
  }

  /** Names of the sources in bit order. */
  get sources(): readonly string[] {
    return this.#sources;
  }

  get size(): number {
    return this.#pairs.size;
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
      this.#pairs.set(key, (this.#pairs.get(key) ?? 0) | mask);
    }
  }

  /** Every pair as [lo, hi, sourceMask], in insertion order. */
  *entries(): Generator<[number, number, number]> {
    for (const [key, mask] of this.#pairs) {
      const lo = Math.floor(key / this.#n);
      yield [lo, key - lo * this.#n, mask];
    }
  }

  /** The source mask of a pair, 0 when no source proposed it. */
  maskOf(a: number, b: number): number {
    return this.#pairs.get(a < b ? a * this.#n + b : b * this.#n + a) ?? 0;
  }

  /** Source names of a mask, `|`-joined as in candidates.csv. */
  names(mask: number): string {
    return this.#sources.filter((_, bit) => mask & (1 << bit)).join("|");
  }
}
