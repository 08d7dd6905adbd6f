/** Precision, recall and F1, each in [0, 1] (0 when undefined). */
export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

function prf(tp: number, predicted: number, actual: number): Prf {
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = actual === 0 ? 0 : tp / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

const choose2 = (k: number) => (k * (k - 1)) / 2;

/**
 * Pairwise precision / recall / F1 of a clustering against true clusters: over all pairs of records,
 * a pair is predicted when both share a predicted cluster and true when both share a true one.
 * Labels are any values per record, same length and order.
 */
export function pairwiseScores(predicted: ArrayLike<unknown>, truth: ArrayLike<unknown>): Prf {
  const cells = new Map<unknown, Map<unknown, number>>();
  const predSizes = new Map<unknown, number>();
  const trueSizes = new Map<unknown, number>();
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i];
    const t = truth[i];
    predSizes.set(p, (predSizes.get(p) ?? 0) + 1);
    trueSizes.set(t, (trueSizes.get(t) ?? 0) + 1);
    let row = cells.get(p);
    if (!row) {
      row = new Map();
      cells.set(p, row);
    }
    row.set(t, (row.get(t) ?? 0) + 1);
  }
  let tp = 0;
  for (const row of cells.values()) for (const k of row.values()) tp += choose2(k);
  let predPairs = 0;
  for (const k of predSizes.values()) predPairs += choose2(k);
  let truePairs = 0;
  for (const k of trueSizes.values()) truePairs += choose2(k);
  return prf(tp, predPairs, truePairs);
}

/**
 * B-cubed precision / recall / F1 (Bagga & Baldwin): per record, the share of its predicted cluster
 * that is truly with it, and the share of its true cluster that was predicted with it; averaged.
 */
export function bcubedScores(predicted: ArrayLike<unknown>, truth: ArrayLike<unknown>): Prf {
  const cells = new Map<string, number>();
  const predSizes = new Map<unknown, number>();
  const trueSizes = new Map<unknown, number>();
  const n = predicted.length;
  const cellKey = (i: number) => `${String(predicted[i])}\u0000${String(truth[i])}`;
  for (let i = 0; i < n; i++) {
    predSizes.set(predicted[i], (predSizes.get(predicted[i]) ?? 0) + 1);
    trueSizes.set(truth[i], (trueSizes.get(truth[i]) ?? 0) + 1);
    cells.set(cellKey(i), (cells.get(cellKey(i)) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < n; i++) {
    const both = cells.get(cellKey(i)) as number;
    precision += both / (predSizes.get(predicted[i]) as number);
    recall += both / (trueSizes.get(truth[i]) as number);
  }
  precision /= n || 1;
  recall /= n || 1;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** A pair of record indexes, either order. */
export type IndexPair = readonly [number, number];

/**
 * Splink-style blocking analysis over labelled true pairs: per source (in order) its candidate count,
 * the true pairs it alone recovers, and cumulative candidates and pairs completeness.
 * `maskOf(a, b)` gives the bitmask of sources that proposed a pair (0: none).
 */
export function blockingAnalysis(
  sources: readonly string[],
  candidateMasks: ArrayLike<number>,
  truePairs: readonly IndexPair[],
  maskOf: (a: number, b: number) => number,
): BlockingRow[] {
  const masks = truePairs.map(([a, b]) => maskOf(a, b));
  const counts = sources.map(() => 0);
  const cumulative = sources.map(() => 0);
  for (let i = 0; i < candidateMasks.length; i++) {
    const mask = candidateMasks[i] as number;
    let first = -1;
    for (let bit = 0; bit < sources.length; bit++) {
      if (!(mask & (1 << bit))) continue;
      counts[bit] = (counts[bit] as number) + 1;
      if (first < 0) first = bit;
    }
    if (first >= 0) cumulative[first] = (cumulative[first] as number) + 1;
  }
  let cumulativeCandidates = 0;
  let cumulativeMask = 0;
  return sources.map((name, bit) => {
    const own = 1 << bit;
    cumulativeCandidates += cumulative[bit] as number;
    cumulativeMask |= own;
    return {
      source: name,
      candidates: counts[bit] as number,
      truePairsFound: masks.filter((m) => m & own).length,
      truePairsOnlyHere: masks.filter((m) => m === own).length,
      cumulativeCandidates,
      cumulativePairsCompleteness: truePairs.length
        ? masks.filter((m) => m & cumulativeMask).length / truePairs.length
        : 0,
    };
  });
}

/** One row of {@link blockingAnalysis}. */
export interface BlockingRow {
  source: string;
  /** Pairs this source proposed (a pair proposed by several sources counts in each). */
  candidates: number;
  truePairsFound: number;
  /** True pairs no other source proposed. */
  truePairsOnlyHere: number;
  /** Distinct candidates of this source and those before it. */
  cumulativeCandidates: number;
  /** Share of true pairs proposed by this source or one before it. */
  cumulativePairsCompleteness: number;
}
