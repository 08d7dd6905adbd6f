import { describe, expect, it } from "vitest";
import { chooseReviewBand } from "../review/review-band.ts";
import { operatingPoints } from "./operating-points.ts";

// scores rise with the index; labels valid from 0.5 up, with two invalid pairs scored high
const scores = Array.from({ length: 100 }, (_, i) => i / 100);
const labels = scores.map((s, i) => (s >= 0.5 && i !== 90 && i !== 70 ? 1 : 0));

describe("operating points", () => {
  it("chooses thresholds on validation only and then scores test with them", () => {
    const shifted = scores.map((s) => Math.min(1, s + 0.05));
    const result = operatingPoints({ labels, scores }, { labels, scores: shifted });
    const p99 = result.points.find((p) => p.name.includes("0.99"));
    expect(p99?.threshold).toBe(0.91);
    expect(p99?.test.confusion.fp).toBe(1); // pair 90 now sits at 0.95, above the validation threshold
  });

  it("scores the review band the model ships with: chosen on validation, then applied to test", () => {
    const shifted = scores.map((s) => Math.min(1, s + 0.05));
    const { band } = operatingPoints({ labels, scores }, { labels, scores: shifted });
    expect({ lower: band.lower, upper: band.upper }).toEqual(chooseReviewBand(labels, scores));
    expect(band.upper).toBe(0.91);
    expect(band.validation).toEqual({
      pairs: 100,
      below: 50,
      inBand: 41, // 0.50 .. 0.90
      above: 9,
      precisionAbove: 1,
      falseMerges: 0,
      missedDuplicates: 0,
      droppedRecall: 0,
    });
    // shifted by 0.05: pair 90 (invalid) reaches 0.95 and is merged; 0.45 .. 0.49 (invalid) enter the band
    expect(band.test.falseMerges).toBe(1);
    expect(band.test.inBand).toBe(41);
  });
});
