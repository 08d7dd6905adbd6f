import LogisticRegressionTwoClasses from "ml-logistic-regression/src/logreg_2classes.js";
import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { fitLogistic, priorRows, ResumedLogisticRegression } from "./fit.ts";
import { Rng } from "./sample/rng.ts";

/** 300 rows of an intercept and 4 noisy features; the label follows the first two. */
function rows(): { x: Matrix; y: Matrix } {
  const rng = new Rng(7);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 300; i++) {
    const row = [1, ...Array.from({ length: 4 }, () => rng.next() * 2 - 1)];
    x.push(row);
    y.push((row[1] as number) + 0.5 * (row[2] as number) + 0.3 * (rng.next() - 0.5) > 0 ? 1 : 0);
  }
  return { x: new Matrix(x), y: Matrix.columnVector(y) };
}

describe("ResumedLogisticRegression", () => {
  it("trained in rounds of 100, 200 and 400 steps reaches the library's weights for 400 steps, bit for bit", () => {
    const { x, y } = rows();
    const learningRate = 4 / 300;
    const library = new LogisticRegressionTwoClasses({ numSteps: 400, learningRate });
    library.train(x, y);
    const resumed = new ResumedLogisticRegression({ learningRate });
    for (const total of [100, 200, 400]) resumed.trainOn(x, y, total);
    expect(resumed.weights.to1DArray()).toEqual(library.weights.to1DArray());
    expect(resumed.toJSON().numSteps).toBe(400);
    expect(resumed.testScores(x)).toEqual(library.testScores(x));
    // The weights moved: the check would fail against a model left at zero.
    expect(Math.abs(resumed.weights.get(0, 1))).toBeGreaterThan(0.5);
  });
});

/**
 * 60 pairs: the label follows feature 0; feature 1 is 0 in every pair (a tag family these labels
 * never show), so they say nothing about its weight.
 */
function fewLabels(): { rows: number[][]; labels: number[] } {
  const rng = new Rng(3);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 60; i++) {
    const row = [rng.next(), 0];
    rows.push(row);
    labels.push((row[0] as number) + 0.2 * (rng.next() - 0.5) > 0.5 ? 1 : 0);
  }
  return { rows, labels };
}

describe("fitLogistic with a prior centre", () => {
  it("keeps the centre's raw weight for a feature the labels never show, and 0 without a centre", () => {
    const { rows, labels } = fewLabels();
    const plain = fitLogistic(rows, labels, undefined, undefined, 4);
    const centred = fitLogistic(rows, labels, undefined, undefined, 4, [0, -1.5]);
    const raw = (fit: typeof plain, j: number) => (fit.weights[j] as number) / (fit.scaling.std[j] as number);
    expect(raw(plain, 1)).toBeCloseTo(0, 6);
    expect(raw(centred, 1)).toBeCloseTo(-1.5, 1);
    // The labels still speak for feature 0: its weight stays large and positive either way.
    expect(raw(centred, 0)).toBeGreaterThan(2);
    expect(raw(plain, 0)).toBeGreaterThan(2);
  });

  it("gives a feature constant on 20,000 rows (a column the catalog lacks) the centre's weight, scoring those rows as without it", () => {
    // Feature 1 is 1 on every row, as album_missing is on a four-field catalog. With this many rows
    // the pseudo-rows alone move its weight about 1/20,000 of a step each: the steps leave it near 0.
    const rng = new Rng(5);
    const rows = Array.from({ length: 20_000 }, () => [rng.next(), 1]);
    const labels = rows.map((r) => ((r[0] as number) + 0.2 * (rng.next() - 0.5) > 0.5 ? 1 : 0));
    const zero = fitLogistic(rows, labels, undefined, undefined, 1, [0, 0]);
    const centred = fitLogistic(rows, labels, undefined, undefined, 1, [0, 2.5]);
    const raw = (fit: typeof zero, j: number) => (fit.weights[j] as number) / (fit.scaling.std[j] as number);
    expect(raw(centred, 1)).toBe(2.5);
    expect(raw(zero, 1)).toBe(0);
    expect(centred.weights[0]).toBe(zero.weights[0]);
    expect(centred.intercept).toBe(zero.intercept);
    expect(raw(centred, 0)).toBeGreaterThan(2);
  });

  it("centred on 0 is the plain prior: the same optimum, weights equal to 1e-6", () => {
    const { rows, labels } = fewLabels();
    const plain = fitLogistic(rows, labels, undefined, undefined, 2);
    const zero = fitLogistic(rows, labels, undefined, undefined, 2, [0, 0]);
    for (const [j, w] of zero.weights.entries()) expect(w).toBeCloseTo(plain.weights[j] as number, 6);
  });

  it("gives the pseudo-rows at ±c the centre's probabilities as labels", () => {
    const { rows, labels } = priorRows(1, 2, [0.5]);
    expect(rows.map((r) => r[1])).toEqual([2, 2, -2, -2]);
    const p = 1 / (1 + Math.exp(-1));
    for (const [i, label] of labels.entries()) expect(label).toBeCloseTo(i < 2 ? p : 1 - p, 12);
  });
});
