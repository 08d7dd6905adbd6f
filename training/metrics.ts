import type { Metrics } from "../lambda/model.ts";

/**
 * Classification metrics with "valid" (label 1) as the positive class: accuracy, precision, recall,
 * F1 and the confusion counts at `threshold`, and ROC-AUC over all thresholds.
 */
export function evaluate(labels: readonly number[], scores: readonly number[], threshold: number): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = (scores[i] as number) >= threshold;
    if (labels[i] === 1) predicted ? tp++ : fn++;
    else predicted ? fp++ : tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    accuracy: labels.length === 0 ? 0 : (tp + tn) / labels.length,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    rocAuc: rocAuc(labels, scores),
    confusion: { tp, fp, fn, tn },
    n: labels.length,
  };
}

/**
 * Area under the ROC curve: the chance that a random positive scores above a random negative
 * (ties count half). 0.5 = no better than chance, 1 = perfect ranking.
 */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number {
  const order = scores.map((score, i) => ({ score, label: labels[i] })).sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]?.score === order[i]?.score) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (order[k]?.label === 1) {
        positives++;
        rankSum += meanRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * The threshold that maximises F1 when "valid" means score >= threshold, swept over the observed
 * scores in one pass; kept inside (0, 1).
 */
export function bestThreshold(labels: readonly number[], scores: readonly number[]): number {
  const order = scores.map((score, i) => ({ score, label: labels[i] })).sort((a, b) => b.score - a.score);
  const positives = order.filter((o) => o.label === 1).length;
  let tp = 0;
  let fp = 0;
  let best = { threshold: 0.5, f1: -1 };
  for (let i = 0; i < order.length; i++) {
    const current = order[i] as { score: number; label: number | undefined };
    current.label === 1 ? tp++ : fp++;
    if (order[i + 1]?.score === current.score) continue;
    const f1 = (2 * tp) / (tp + fp + positives);
    if (f1 > best.f1) best = { threshold: current.score, f1 };
  }
  return Math.min(Math.max(best.threshold, 1e-6), 1 - 1e-6);
}
