import type { Metrics } from "../../lambda/model.ts";
import { evaluate, thresholdForPrecision } from "../metrics.ts";
import { type BandOutcome, bandOutcome, chooseReviewBand, type ReviewBand } from "../review/review-band.ts";

/** A threshold chosen on validation for a target, and what it gives on test. */
export interface OperatingPoint {
  name: string;
  threshold: number;
  validation: { precision: number; recall: number };
  test: Metrics;
}

/**
 * The review band the model ships with (chooseReviewBand on validation, as `npm run train` stores
 * it), what it gives on validation, and what it then gives on test.
 */
export interface BandFigures extends ReviewBand {
  validation: BandOutcome;
  test: BandOutcome;
}

/**
 * Operating points at validation precision 0.98 and 0.99, and the review band, all chosen on
 * validation and scored on test.
 */
export function operatingPoints(
  validation: { labels: readonly number[]; scores: readonly number[] },
  test: { labels: readonly number[]; scores: readonly number[] },
): { points: OperatingPoint[]; band: BandFigures } {
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
  const band = chooseReviewBand(validation.labels, validation.scores);
  return {
    points,
    band: { ...band, validation: bandOutcome(band, validation), test: bandOutcome(band, test) },
  };
}
