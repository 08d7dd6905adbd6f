import { thresholdForPrecision } from "../metrics.ts";

/** Two probability thresholds: above `upper` accept, below `lower` reject, in between a person reviews. */
export interface ReviewBand {
  lower: number;
  upper: number;
}

/**
 * Targets the band is chosen for: the precision of the merges above it (the strictest of these that
 * the labels reach: flipped labels may cap precision below 0.99), and the share of the valid pairs
 * that may fall below it.
 */
export const BAND_TARGETS = { precisionAbove: [0.99, 0.98, 0.95], droppedRecall: 0.01 } as const;

/**
 * Chooses the review band on labelled scores (validation): `upper` is the lowest score such that the
 * pairs scoring at or above it are valid with precision >= 0.99 (else 0.98, else 0.95; 1 when no
 * score reaches 0.95); `lower` the highest score such that at most 1 % of the valid pairs score below
 * it. When the two cross, the band is empty (lower = upper). `npm run train` stores it in the model,
 * the review page queues the pairs inside it, and `npm run report` scores it on test.
 * Example: chooseReviewBand([0, 1], [0.1, 0.9]) → { lower: 0.9, upper: 0.9 }.
 */
export function chooseReviewBand(
  labels: readonly number[],
  scores: readonly number[],
  targets = BAND_TARGETS,
): ReviewBand {
  const order = scores.map((score, i) => ({ score, label: labels[i] })).sort((a, b) => b.score - a.score);
  const positives = order.filter((o) => o.label === 1).length;
  const upper =
    targets.precisionAbove
      .map((target) => thresholdForPrecision(labels, scores, target))
      .find((threshold) => threshold !== undefined) ?? 1;
  let lower = 0;
  let dropped = 0;
  for (let i = order.length - 1; i >= 0; i--) {
    const current = order[i] as { score: number; label: number | undefined };
    // Everything strictly below `current.score` is dropped when lower = current.score.
    if (dropped / Math.max(positives, 1) <= targets.droppedRecall) lower = current.score;
    else break;
    if (current.label === 1) dropped++;
    while (i > 0 && order[i - 1]?.score === current.score) {
      i--;
      if (order[i]?.label === 1) dropped++;
    }
  }
  return { lower: Math.min(lower, upper), upper };
}

/** Shares in [0, 1] of the scores below, inside and above the band. */
export function bandShares(
  scores: readonly number[],
  band: ReviewBand,
): { below: number; inside: number; above: number } {
  const n = Math.max(scores.length, 1);
  const below = scores.filter((s) => s < band.lower).length;
  const above = scores.filter((s) => s >= band.upper).length;
  return { below: below / n, inside: (scores.length - below - above) / n, above: above / n };
}

/** Whether a probability needs a person: at or above `lower` and below `upper`. */
export function inBand(probability: number, band: ReviewBand): boolean {
  return probability >= band.lower && probability < band.upper;
}
