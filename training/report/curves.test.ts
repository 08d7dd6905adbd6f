import { describe, expect, it } from "vitest";
import { calibration, thin, thresholdCurve } from "./curves.ts";

describe("threshold curve", () => {
  it("walks from the highest score down, one point per distinct score", () => {
    const points = thresholdCurve([1, 0, 1, 0], [0.9, 0.8, 0.8, 0.1]);
    expect(points).toEqual([
      { threshold: 1, precision: 1, recall: 0, fpr: 0 },
      { threshold: 0.9, precision: 1, recall: 0.5, fpr: 0 },
      { threshold: 0.8, precision: 2 / 3, recall: 1, fpr: 0.5 },
      { threshold: 0.1, precision: 0.5, recall: 1, fpr: 1 },
    ]);
  });

  it("thins long curves but keeps the last point", () => {
    const kept = thin(
      Array.from({ length: 1000 }, (_, i) => i),
      10,
    );
    expect(kept).toHaveLength(11);
    expect(kept.at(-1)).toBe(999);
  });
});

describe("calibration", () => {
  it("compares mean prediction with observed rate per bin and leaves empty bins out", () => {
    expect(calibration([0, 1, 1, 1], [0.05, 0.15, 0.95, 1], 10)).toEqual([
      { from: 0, to: 0.1, meanPredicted: 0.05, observedRate: 0, count: 1 },
      { from: 0.1, to: 0.2, meanPredicted: 0.15, observedRate: 1, count: 1 },
      { from: 0.9, to: 1, meanPredicted: 0.975, observedRate: 1, count: 2 },
    ]);
  });
});
