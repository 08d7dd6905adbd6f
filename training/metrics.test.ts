import { describe, expect, it } from "vitest";
import { bestThreshold, evaluate, rocAuc, smoothedThreshold, thresholdForPrecision } from "./metrics.ts";

describe("evaluate", () => {
  it("counts the confusion matrix with valid as positive", () => {
    const m = evaluate([1, 1, 0, 0, 1], [0.9, 0.2, 0.8, 0.1, 0.7], 0.5);
    expect(m.confusion).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
    expect(m.precision).toBeCloseTo(2 / 3);
    expect(m.recall).toBeCloseTo(2 / 3);
    expect(m.f1).toBeCloseTo(2 / 3);
    expect(m.accuracy).toBeCloseTo(3 / 5);
  });

  it("scores always-invalid with zero precision, recall and F1", () => {
    expect(evaluate([1, 0, 0], [0, 0, 0], 0.5)).toMatchObject({
      precision: 0,
      recall: 0,
      f1: 0,
      accuracy: 2 / 3,
    });
  });
});

describe("rocAuc", () => {
  it.each([
    ["a perfect ranking", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 1],
    ["a reversed ranking", [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9], 0],
    ["all ties", [0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 0.5],
    ["one swap in four pairs", [0, 1, 0, 1], [0.1, 0.2, 0.3, 0.4], 0.75],
  ])("is right for %s", (_case, labels, scores, expected) => {
    expect(rocAuc(labels, scores)).toBeCloseTo(expected);
  });
});

describe("bestThreshold", () => {
  it("finds the threshold that separates the classes", () => {
    const threshold = bestThreshold([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9]);
    expect(evaluate([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9], threshold).f1).toBe(1);
    expect(threshold).toBeGreaterThan(0.3);
  });
});

describe("smoothedThreshold", () => {
  it("places the threshold in the gap between the classes, not on a pair's score", () => {
    const threshold = smoothedThreshold([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9]);
    expect(threshold).toBeGreaterThan(0.3);
    expect(threshold).toBeLessThan(0.6);
  });

  it("prefers the wide gap to a lone pair that the plain F1-best threshold follows", () => {
    // One negative sits at 0.95 among the positives; the plain best threshold jumps above it.
    const labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1];
    const scores = [0.05, 0.1, 0.1, 0.15, 0.2, 0.2, 0.7, 0.75, 0.8, 0.9, 0.95, 0.96, 0.99];
    const threshold = smoothedThreshold(labels, scores);
    expect(threshold).toBeGreaterThan(0.2);
    expect(threshold).toBeLessThan(0.7);
  });
});

describe("thresholdForPrecision", () => {
  // scores rise with the index; labels valid from 0.5 up, with two invalid pairs scored high
  const scores = Array.from({ length: 100 }, (_, i) => i / 100);
  const labels = scores.map((s, i) => (s >= 0.5 && i !== 90 && i !== 70 ? 1 : 0));

  it.each([
    [1, 0.91],
    [0.965, 0.71],
    [0.96, 0.5],
  ])("reads the lowest threshold with precision >= %s", (target, threshold) => {
    expect(thresholdForPrecision(labels, scores, target)).toBe(threshold);
  });

  it("is undefined when no threshold reaches the target", () => {
    expect(thresholdForPrecision([0, 1], [0.9, 0.1], 0.9)).toBeUndefined();
  });
});
