import type { Metrics } from "../../lambda/model.ts";
import { evaluate } from "../metrics.ts";

/** A threshold chosen on validation for a target, and what it gives on test. */
export interface OperatingPoint {
  name: string;
  threshold: number;
  validation: { precision: number; recall: number };
  test: Metrics;
}

/** A review band chosen on validation: below `low` auto-reject, above `high` auto-merge, people in between. */
export interface ReviewBand {
  low: number;
  high: number;
  /** Targets used on validation: precision of the merges above `high`, of the rejections below `low`. */
  targetPrecision: number;
  targetRejectPrecision: number;
  test: {
    pairs: number;
    inBand: number;
    /** Errors left outside the band (merged non-duplicates above high, rejected duplicates below low). */
    falseMerges: number;
    missedDuplicates: number;
  };
}

/**
 * The lowest threshold whose validation precision reaches `target` (the most recall at that
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
 * The highest threshold below which at least `target` of the pairs are non-duplicates (so rejecting
 * everything under it is right that often); 0 when even the lowest score misses the target.
 */
export function thresholdForRejection(
  labels: readonly number[],
  scores: readonly number[],
  target: number,
): number {
  const order = scores.map((s, i) => ({ s, y: labels[i] })).sort((a, b) => a.s - b.s);
  let below = 0;
  let duplicates = 0;
  let best = 0;
  for (let i = 0; i < order.length; i++) {
    const o = order[i] as { s: number; y: number | undefined };
    below++;
    if (o.y === 1) duplicates++;
    if (order[i + 1]?.s === o.s) continue;
    const next = order[i + 1]?.s ?? 1;
    if (1 - duplicates / below >= target) best = next;
  }
  return best;
}

/** Precision targets tried for the review band, strictest first. */
export const BAND_TARGETS = [0.99, 0.98, 0.95] as const;

/**
 * Operating points at validation precision 0.98 and 0.99, and a review band (on validation, merges above
 * it and rejections below it are each right at the strictest of BAND_TARGETS that validation reaches),
 * all chosen on validation and scored on test.
 */
export function operatingPoints(
  validation: { labels: readonly number[]; scores: readonly number[] },
  test: { labels: readonly number[]; scores: readonly number[] },
): { points: OperatingPoint[]; band: ReviewBand | undefined } {
  const points: OperatingPoint[] = [];
  for (const target of [0.98, 0.99]) {
    const threshold = thresholdForPrecision(validation.labels, validation.scores, target);
    if (threshold === undefined) continue;
    const v = evaluate(validation.labels, validation.scores, threshold);
    points.push({
      name: `validation precision >= ${target}`,
      threshold,
      validation: { precision: v.precision, recall: v.recall },
      test: evaluate(test.labels, test.scores, threshold),
    });
  }
  // the strictest target validation can reach: labels with noise may cap precision below 0.99
  const targetPrecision = BAND_TARGETS.find(
    (t) => thresholdForPrecision(validation.labels, validation.scores, t) !== undefined,
  );
  if (targetPrecision === undefined) return { points, band: undefined };
  const high = thresholdForPrecision(validation.labels, validation.scores, targetPrecision) as number;
  const low = Math.min(high, thresholdForRejection(validation.labels, validation.scores, targetPrecision));
  let inBand = 0;
  let falseMerges = 0;
  let missedDuplicates = 0;
  test.scores.forEach((s, i) => {
    if (s >= high) {
      if (test.labels[i] === 0) falseMerges++;
    } else if (s < low) {
      if (test.labels[i] === 1) missedDuplicates++;
    } else inBand++;
  });
  return {
    points,
    band: {
      low,
      high,
      targetPrecision,
      targetRejectPrecision: targetPrecision,
      test: { pairs: test.scores.length, inBand, falseMerges, missedDuplicates },
    },
  };
}
