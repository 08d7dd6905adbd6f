import { describe, expect, it } from "vitest";
import { f1Interval } from "./bootstrap.ts";

describe("f1Interval", () => {
  it("is a point when every resample scores the same", () => {
    const labels = Array.from({ length: 40 }, (_, i) => i % 2);
    expect(f1Interval(labels, labels, 0.5)).toEqual({ low: 1, high: 1 });
  });

  it("brackets the F1 of a mixed sample and repeats with the same seed", () => {
    const labels = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const scores = labels.map((label, i) => (i % 7 === 0 ? 1 - label : label));
    const interval = f1Interval(labels, scores, 0.5);
    expect(interval.low).toBeLessThan(interval.high);
    expect(interval.low).toBeGreaterThan(0.5);
    expect(f1Interval(labels, scores, 0.5)).toEqual(interval);
  });
});
