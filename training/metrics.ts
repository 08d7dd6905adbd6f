import type { Metrics } from "../lambda/model.ts";
import { seededRandom } from "./benchmarks/quality/bootstrap.ts";

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

/**
 * The lowest threshold whose precision on the given part reaches `target` (the most recall at that
 * precision), or undefined when no threshold does.
 */
export function thresholdForPrecision(
  labels: readonly number[],
  scores: readonly number[],
  target: number,
): number | undefined {
  const order = scores.map((s, i) => ({ s, y: labels[i] })).sort((a, b) => b.s - a.s);
  let tp = 0;
  let fp = 0;
  let best: number | undefined;
  for (let i = 0; i < order.length; i++) {
    const o = order[i] as { s: number; y: number | undefined };
    o.y === 1 ? tp++ : fp++;
    if (order[i + 1]?.s === o.s) continue;
    if (tp / (tp + fp) >= target) best = o.s;
  }
  return best;
}

/**
 * The threshold with the best F1 averaged over `rounds` bootstrap resamples of the labelled pairs,
 * placed halfway (in log-odds) between two neighbouring scores. On a small validation part the
 * plain F1-best threshold sits on the score of one pair and moves with it; averaging over resamples
 * prefers a threshold in a wide gap between the classes, which holds better on unseen pairs.
 * @example smoothedThreshold([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9]) // ≈ 0.44, between 0.3 and 0.6
 */
export function smoothedThreshold(
  labels: readonly number[],
  scores: readonly number[],
  rounds = 200,
  seed = 11,
): number {
  const order = scores.map((_score, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  /** Index in `order` where each group of equal scores ends, highest group first. */
  const groupEnds: number[] = [];
  for (let k = 0; k < order.length; k++)
    if (scores[order[k + 1] as number] !== scores[order[k] as number]) groupEnds.push(k);
  const totals = new Float64Array(groupEnds.length);
  const counts = new Uint32Array(labels.length);
  const random = seededRandom(seed);
  for (let round = 0; round < rounds; round++) {
    counts.fill(0);
    for (let i = 0; i < labels.length; i++) {
      const pick = Math.floor(random() * labels.length);
      counts[pick] = (counts[pick] as number) + 1;
    }
    let positives = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives += counts[i] as number;
    let tp = 0;
    let fp = 0;
    let group = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      if (labels[i] === 1) tp += counts[i] as number;
      else fp += counts[i] as number;
      if (groupEnds[group] !== k) continue;
      totals[group] = (totals[group] as number) + (tp === 0 ? 0 : (2 * tp) / (tp + fp + positives));
      group++;
    }
  }
  let best = 0;
  for (let g = 1; g < totals.length; g++) if ((totals[g] as number) > (totals[best] as number)) best = g;
  const at = scores[order[groupEnds[best] as number] as number] ?? 0.5;
  const below = scores[order[(groupEnds[best] as number) + 1] as number];
  const threshold = below === undefined ? at / 2 : sigmoid((logit(at) + logit(below)) / 2);
  return Math.min(Math.max(threshold, 1e-6), 1 - 1e-6);
}

function logit(p: number): number {
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  return Math.log(q / (1 - q));
}

/** The logistic function, log-odds → probability. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
