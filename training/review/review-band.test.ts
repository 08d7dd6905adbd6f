import { describe, expect, it } from "vitest";
import { bandOutcome, chooseReviewBand, inBand } from "./review-band.ts";

describe("chooseReviewBand", () => {
  // 100 valid pairs scored 0.50..0.99 and 100 invalid scored 0.00..0.59: they overlap on 0.50-0.59.
  const labels = [...Array(100).fill(1), ...Array(100).fill(0)];
  const scores = [
    ...Array.from({ length: 100 }, (_, i) => 0.5 + (i % 50) / 100),
    ...Array.from({ length: 100 }, (_, i) => (i % 60) / 100),
  ];
  const band = chooseReviewBand(labels, scores);

  it("puts the upper threshold where precision above it reaches 0.99", () => {
    const above = labels.filter((_, i) => (scores[i] as number) >= band.upper);
    expect(above.filter((l) => l === 1).length / above.length).toBeGreaterThanOrEqual(0.99);
    expect(band.upper).toBe(0.6);
  });

  it("puts the lower threshold where at most 1 % of the valid pairs fall below it", () => {
    const droppedValid = labels.filter((l, i) => l === 1 && (scores[i] as number) < band.lower).length;
    expect(droppedValid / 100).toBeLessThanOrEqual(0.01);
    expect(band.lower).toBe(0.5);
  });

  it("falls back to precision 0.98, then 0.95, when flipped labels cap it below 0.99", () => {
    // one invalid label among the 60 top-scored pairs: the best precision reachable is 59/60 = 0.983
    const s = Array.from({ length: 200 }, (_, i) => i / 200);
    const y = s.map((_, i) => (i >= 140 && i !== 199 ? 1 : 0));
    expect(chooseReviewBand(y, s).upper).toBe(0.7);
    expect(chooseReviewBand([0, 1], [0.9, 0.1]).upper).toBe(1);
  });

  it("is empty when the classes do not overlap", () => {
    const clean = chooseReviewBand([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);
    expect(clean.lower).toBe(clean.upper);
    expect(inBand(0.85, clean)).toBe(false);
  });

  it("splits traffic into shares that sum to one", () => {
    const outcome = bandOutcome(band, { labels, scores });
    expect(outcome.below + outcome.inBand + outcome.above).toBe(outcome.pairs);
    expect(outcome.inBand).toBeGreaterThan(0);
  });
});

describe("bandOutcome", () => {
  it("counts the pairs in the band and the automatic decisions' errors on either side", () => {
    const outcome = bandOutcome(
      { lower: 0.3, upper: 0.7 },
      { labels: [1, 0, 1, 0, 1], scores: [0.1, 0.2, 0.5, 0.8, 0.9] },
    );
    expect(outcome).toEqual({
      pairs: 5,
      below: 2,
      inBand: 1,
      above: 2,
      precisionAbove: 0.5,
      falseMerges: 1,
      missedDuplicates: 1,
      droppedRecall: 1 / 3,
    });
  });
});
