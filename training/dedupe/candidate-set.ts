/**
 * The union of candidate pairs from every source (blocking rules, embedding neighbours), each pair
 * once with a bit per source that proposed it, in the order each pair was first added.
 *
 * `add` only keeps the sources' arrays. The first read merges them in linear time without hashing:
 * a stable counting sort of every added pair by its smaller record, then one pass per record that
 * keeps the first occurrence of each partner and ORs the later ones' bits into it. A Map keyed by
 * packed pair numbers did the same with a hash lookup per pair and a heap number per key: about
 * 40 s of a million-record run, and hundreds of MB (bench/candidate-stage.ts).
 */
export class CandidateSet {
  readonly #n: number;
  readonly #sources: string[] = [];
  #added: { pairs: ArrayLike<number>; masks: number | Uint32Array }[] = [];
  #merged?: MergedPairs;

  constructor(recordCount: number) {
    this.#n = recordCount;
  }

  /** Names of the sources in bit order. */
  get sources(): readonly string[] {
    return this.#sources;
  }

  get size(): number {
    return this.#merge().lo.length;
  }

  /** Adds pairs (flattened [a, b, ...], either order; a = b and negative ids are skipped) under a source name. */
  add(source: string, pairs: ArrayLike<number>): void {
    let bit = this.#sources.indexOf(source);
    if (bit < 0) bit = this.#sources.push(source) - 1;
    if (bit > 30) throw new RangeError("at most 31 candidate sources");
    if (this.#merged) {
      // Pairs added after a read go after the merged ones, which keep their order.
      const { lo, hi, mask } = this.#merged;
      const flat = new Uint32Array(lo.length * 2);
      for (let i = 0; i < lo.length; i++) {
        flat[2 * i] = lo[i] as number;
        flat[2 * i + 1] = hi[i] as number;
      }
      this.#added = [{ pairs: flat, masks: mask }];
      this.#merged = undefined;
    }
    this.#added.push({ pairs, masks: 1 << bit });
  }

  /** Every pair as parallel arrays (lo < hi, source mask), in the order the pairs were first added. */
  columns(): { readonly lo: Uint32Array; readonly hi: Uint32Array; readonly mask: Uint32Array } {
    return this.#merge();
  }

  /** Every pair as [lo, hi, sourceMask], in the order the pairs were first added. */
  *entries(): Generator<[number, number, number]> {
    const { lo, hi, mask } = this.#merge();
    for (let i = 0; i < lo.length; i++) yield [lo[i] as number, hi[i] as number, mask[i] as number];
  }

  /** The source mask of a pair, 0 when no source proposed it. */
  maskOf(a: number, b: number): number {
    const { byLo, partner, partnerMask } = this.#merge();
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (lo < 0 || hi >= this.#n) return 0;
    for (let j = byLo[lo] as number, end = byLo[lo + 1] as number; j < end; j++)
      if (partner[j] === hi) return partnerMask[j] as number;
    return 0;
  }

  /** Source names of a mask, `|`-joined as in candidates.csv. */
  names(mask: number): string {
    return this.#sources.filter((_, bit) => mask & (1 << bit)).join("|");
  }

  #merge(): MergedPairs {
    this.#merged ??= mergePairs(this.#n, this.#added);
    this.#added = [];
    return this.#merged;
  }
}

interface MergedPairs {
  lo: Uint32Array;
  hi: Uint32Array;
  mask: Uint32Array;
  /** The merged pairs grouped by lo for lookups: those of record r are partner[byLo[r]..byLo[r+1]). */
  byLo: Uint32Array;
  partner: Uint32Array;
  partnerMask: Uint32Array;
}

/** The union of the added pairs, first occurrence order, bits ORed; see {@link CandidateSet}. */
function mergePairs(
  n: number,
  added: readonly { pairs: ArrayLike<number>; masks: number | Uint32Array }[],
): MergedPairs {
  let total = 0;
  for (const { pairs } of added) total += pairs.length >> 1;
  // Every added pair, normalised to lo < hi; mask 0 marks one skipped.
  const lo = new Uint32Array(total);
  const hi = new Uint32Array(total);
  const mask = new Uint32Array(total);
  const perLo = new Uint32Array(n + 1);
  let r = 0;
  for (const { pairs, masks } of added)
    for (let i = 0; i + 1 < pairs.length; i += 2, r++) {
      const a = pairs[i] as number;
      const b = pairs[i + 1] as number;
      if (a === b || a < 0 || b < 0 || a >= n || b >= n) continue;
      lo[r] = Math.min(a, b);
      hi[r] = Math.max(a, b);
      mask[r] = typeof masks === "number" ? masks : (masks[i >> 1] as number);
      (perLo[(lo[r] as number) + 1] as number)++;
    }
  for (let v = 0; v < n; v++) (perLo[v + 1] as number) += perLo[v] as number;
  const byLoOrder = new Uint32Array(total);
  const fill = perLo.slice(0, n);
  for (let i = 0; i < total; i++) if (mask[i]) byLoOrder[(fill[lo[i] as number] as number)++] = i;
  // Per record, the first occurrence of each partner takes the bits of the later ones. The first
  // occurrences, grouped by record, are written over byLoOrder's front as it is read (never ahead
  // of the reading position): they are the lookup groups of maskOf.
  const seenWith = new Int32Array(n).fill(-1);
  const firstAt = new Uint32Array(n);
  const byLo = new Uint32Array(n + 1);
  let unique = 0;
  for (let v = 0; v < n; v++) {
    for (let j = perLo[v] as number, end = perLo[v + 1] as number; j < end; j++) {
      const i = byLoOrder[j] as number;
      const h = hi[i] as number;
      if (seenWith[h] !== v) {
        seenWith[h] = v;
        firstAt[h] = i;
        byLoOrder[unique++] = i;
      } else {
        const first = firstAt[h] as number;
        (mask[first] as number) |= mask[i] as number;
        mask[i] = 0;
      }
    }
    byLo[v + 1] = unique;
  }
  const partner = new Uint32Array(unique);
  const partnerMask = new Uint32Array(unique);
  for (let k = 0; k < unique; k++) {
    const i = byLoOrder[k] as number;
    partner[k] = hi[i] as number;
    partnerMask[k] = mask[i] as number;
  }
  const out = { lo: new Uint32Array(unique), hi: new Uint32Array(unique), mask: new Uint32Array(unique) };
  for (let i = 0, u = 0; i < total; i++)
    if (mask[i]) {
      out.lo[u] = lo[i] as number;
      out.hi[u] = hi[i] as number;
      out.mask[u] = mask[i] as number;
      u++;
    }
  return { ...out, byLo, partner, partnerMask };
}
