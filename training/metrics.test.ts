import { describe, expect, it } from "vitest";
import { bestThreshold, evaluate, rocAuc } from "./metrics.ts";

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
