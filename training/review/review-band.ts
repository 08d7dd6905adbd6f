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

/** One part's labelled pairs against a band: how many go to people, and the automatic decisions' errors. */
export interface BandOutcome {
  pairs: number;
  /** Pairs below `lower` (rejected), inside the band (to people), at or above `upper` (merged). */
  below: number;
  inBand: number;
  above: number;
  /** Precision of the merges at or above `upper`; 1 when there are none. */
  precisionAbove: number;
  /** Merged non-duplicates above `upper`, rejected duplicates below `lower`. */
  falseMerges: number;
  missedDuplicates: number;
  /** Share of the part's duplicates rejected below `lower`. */
  droppedRecall: number;
}

/** What a band does to labelled scores (`npm run train` prints it for test, the report for both parts). */
export function bandOutcome(
  band: ReviewBand,
  part: { labels: readonly number[]; scores: readonly number[] },
): BandOutcome {
  let below = 0;
  let above = 0;
  let falseMerges = 0;
  let missedDuplicates = 0;
  let duplicates = 0;
  part.scores.forEach((s, i) => {
    const duplicate = part.labels[i] === 1;
    if (duplicate) duplicates++;
    if (s >= band.upper) {
      above++;
      if (!duplicate) falseMerges++;
    } else if (s < band.lower) {
      below++;
      if (duplicate) missedDuplicates++;
    }
  });
  return {
    pairs: part.scores.length,
    below,
    inBand: part.scores.length - below - above,
    above,
    precisionAbove: above === 0 ? 1 : 1 - falseMerges / above,
    falseMerges,
    missedDuplicates,
    droppedRecall: duplicates === 0 ? 0 : missedDuplicates / duplicates,
  };
}

/** Whether a probability needs a person: at or above `lower` and below `upper`. */
export function inBand(probability: number, band: ReviewBand): boolean {
  return probability >= band.lower && probability < band.upper;
}
