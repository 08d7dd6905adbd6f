/** A 95 % percentile interval. */
export interface Interval {
  low: number;
  high: number;
}

/** Deterministic uniform numbers in [0, 1) (mulberry32), so intervals repeat run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Bootstrap 95 % interval of F1 at a fixed threshold: the test pairs resampled with replacement
 * `rounds` times, F1 of each resample, the 2.5th and 97.5th percentiles. (True pairs a candidate
 * set missed enter as label 1 with score 0: always false negatives.)
 * @example f1Interval([1, 0, 1], [0.9, 0.2, 0.4], 0.5) // { low: 0, high: 1 }
 */
export function f1Interval(
  labels: readonly number[],
  scores: readonly number[],
  threshold: number,
  rounds = 1000,
  seed = 8,
): Interval {
  const n = labels.length;
  if (n === 0) return { low: 0, high: 0 };
  const random = seededRandom(seed);
  const values: number[] = [];
  const sampledLabels = new Array<number>(n);
  const sampledScores = new Array<number>(n);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n);
      sampledLabels[i] = labels[pick] as number;
      sampledScores[i] = scores[pick] as number;
    }
    values.push(f1At(sampledLabels, sampledScores, threshold));
  }
  return percentileInterval(values);
}

/**
 * The 2.5th and 97.5th percentiles of bootstrap values (sorted here), as the benches report them: the
 * value at ⌊0.025·n⌋ and at ⌈0.975·n⌉ − 1 of the sorted list.
 */
export function percentileInterval(values: number[]): Interval {
  const n = values.length;
  values.sort((a, b) => a - b);
  return { low: values[Math.floor(0.025 * n)] ?? 0, high: values[Math.ceil(0.975 * n) - 1] ?? 0 };
}

/** F1 at a threshold, without the ROC-AUC that evaluate() also computes. */
function f1At(labels: readonly number[], scores: readonly number[], threshold: number): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = (scores[i] as number) >= threshold;
    if (labels[i] === 1) predicted ? tp++ : fn++;
    else if (predicted) fp++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}
