/** A point of the precision-recall and ROC curves: the metrics when "valid" means score >= threshold. */
export interface CurvePoint {
  threshold: number;
  precision: number;
  recall: number;
  /** False-positive rate: share of invalid pairs scored at or above the threshold. */
  fpr: number;
}

/**
 * Precision, recall and false-positive rate at every distinct score, from the highest threshold down;
 * one sort and one pass. Starts at (recall 0, fpr 0) so curves begin at the origin.
 */
export function thresholdCurve(labels: readonly number[], scores: readonly number[]): CurvePoint[] {
  const order = scores.map((score, i) => ({ score, label: labels[i] })).sort((a, b) => b.score - a.score);
  const positives = order.filter((o) => o.label === 1).length;
  const negatives = order.length - positives;
  const points: CurvePoint[] = [{ threshold: 1, precision: 1, recall: 0, fpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    const current = order[i] as { score: number; label: number | undefined };
    current.label === 1 ? tp++ : fp++;
    if (order[i + 1]?.score === current.score) continue;
    points.push({
      threshold: current.score,
      precision: tp / (tp + fp),
      recall: positives === 0 ? 0 : tp / positives,
      fpr: negatives === 0 ? 0 : fp / negatives,
    });
  }
  return points;
}

/** Keeps at most `max` points, evenly spaced along the curve plus its last point, so charts stay small. */
export function thin<T>(points: readonly T[], max = 400): T[] {
  if (points.length <= max) return [...points];
  const step = points.length / max;
  const kept = Array.from({ length: max }, (_, i) => points[Math.floor(i * step)] as T);
  kept.push(points[points.length - 1] as T);
  return kept;
}

/** One calibration bin: pairs whose predicted P(valid) fell in [from, to). */
export interface CalibrationBin {
  from: number;
  to: number;
  meanPredicted: number;
  observedRate: number;
  count: number;
}

/**
 * Groups scores into `bins` equal-width probability bins and compares the mean predicted probability
 * with the observed share of valid pairs; a calibrated model lies on the diagonal. Empty bins are left out.
 */
export function calibration(
  labels: readonly number[],
  scores: readonly number[],
  bins = 10,
): CalibrationBin[] {
  const sums = Array.from({ length: bins }, () => ({ predicted: 0, positives: 0, count: 0 }));
  scores.forEach((score, i) => {
    const bin = sums[Math.min(Math.floor(score * bins), bins - 1)] as (typeof sums)[number];
    bin.predicted += score;
    bin.positives += labels[i] === 1 ? 1 : 0;
    bin.count++;
  });
  return sums.flatMap((s, i) =>
    s.count === 0
      ? []
      : [
          {
            from: i / bins,
            to: (i + 1) / bins,
            meanPredicted: s.predicted / s.count,
            observedRate: s.positives / s.count,
            count: s.count,
          },
        ],
  );
}
