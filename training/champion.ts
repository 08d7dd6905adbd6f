import type { Metrics } from "../lambda/model.ts";
import { seededRandom as random } from "./benchmarks/quality/bootstrap.ts";
import { evaluate } from "./metrics.ts";

/** The current model against a new one on the same test pairs. */
export interface Comparison {
  champion: Metrics;
  challenger: Metrics;
  /** Challenger F1 minus champion F1 on the test pairs. */
  difference: number;
  /** 95 % bootstrap interval of the F1 difference (pairs resampled with replacement). */
  interval: [number, number];
  /** True unless the whole interval lies below zero (the challenger is worse beyond the noise). */
  ships: boolean;
}

function f1(labels: readonly number[], predicted: readonly boolean[], index: readonly number[]): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const i of index) {
    if (predicted[i]) labels[i] === 1 ? tp++ : fp++;
    else if (labels[i] === 1) fn++;
  }
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/**
 * Compares two models on the same labelled test pairs, each at its own threshold: their metrics,
 * the F1 difference and its 95 % percentile bootstrap interval over `resamples` resamplings.
 */
export function compareModels(
  labels: readonly number[],
  champion: { scores: readonly number[]; threshold: number },
  challenger: { scores: readonly number[]; threshold: number },
  { resamples = 1000, seed = 1 } = {},
): Comparison {
  const a = champion.scores.map((s) => s >= champion.threshold);
  const b = challenger.scores.map((s) => s >= challenger.threshold);
  const next = random(seed);
  const n = labels.length;
  const differences: number[] = [];
  const index = new Array<number>(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) index[i] = Math.floor(next() * n);
    differences.push(f1(labels, b, index) - f1(labels, a, index));
  }
  differences.sort((x, y) => x - y);
  const at = (q: number) => differences[Math.min(Math.floor(q * resamples), resamples - 1)] ?? 0;
  const interval: [number, number] = [at(0.025), at(0.975)];
  const championMetrics = evaluate(labels, champion.scores, champion.threshold);
  const challengerMetrics = evaluate(labels, challenger.scores, challenger.threshold);
  return {
    champion: championMetrics,
    challenger: challengerMetrics,
    difference: challengerMetrics.f1 - championMetrics.f1,
    interval,
    ships: interval[1] >= 0,
  };
}
