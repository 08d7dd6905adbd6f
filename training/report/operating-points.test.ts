import { describe, expect, it } from "vitest";
import { operatingPoints, thresholdForPrecision, thresholdForRejection } from "./operating-points.ts";

// scores rise with the index; labels valid from 0.5 up, with two invalid pairs scored high
const scores = Array.from({ length: 100 }, (_, i) => i / 100);
const labels = scores.map((s, i) => (s >= 0.5 && i !== 90 && i !== 70 ? 1 : 0));

describe("operating points", () => {
  it.each([
    [1, 0.91],
    [0.965, 0.71],
    [0.96, 0.5],
  ])("reads the lowest threshold with precision >= %s on the given part", (target, threshold) => {
    expect(thresholdForPrecision(labels, scores, target)).toBe(threshold);
  });

  it("reads the highest threshold below which rejections are right often enough", () => {
    expect(thresholdForRejection(labels, scores, 1)).toBe(0.5);
    // below 0.6: 50 invalid and 10 valid pairs, 83 % right
    expect(thresholdForRejection(labels, scores, 0.83)).toBe(0.6);
    expect(thresholdForRejection([1, 1], [0.2, 0.4], 0.9)).toBe(0);
  });

  it("chooses thresholds on validation only and then scores test with them", () => {
    const shifted = scores.map((s) => Math.min(1, s + 0.05));
    const result = operatingPoints({ labels, scores }, { labels, scores: shifted });
    const p99 = result.points.find((p) => p.name.includes("0.99"));
    expect(p99?.threshold).toBe(0.91);
    expect(p99?.test.confusion.fp).toBe(1); // pair 90 now sits at 0.95, above the validation threshold
    expect(result.band?.high).toBe(0.91);
    expect(result.band?.low).toBe(0.5);
    expect(result.band?.test.inBand).toBeGreaterThan(0);
  });
});

describe("review band", () => {
  it("falls back to the strictest precision validation reaches when noisy labels cap it below 0.99", () => {
    // one invalid label among the 60 top-scored pairs: best reachable precision 59/60 = 0.983
    const s = Array.from({ length: 200 }, (_, i) => i / 200);
    const y = s.map((_, i) => (i >= 140 && i !== 199 ? 1 : 0));
    const { band } = operatingPoints({ labels: y, scores: s }, { labels: y, scores: s });
    expect(band?.targetPrecision).toBe(0.98);
    expect(band?.high).toBe(0.7);
  });
});
