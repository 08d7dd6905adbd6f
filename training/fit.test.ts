import LogisticRegressionTwoClasses from "ml-logistic-regression/src/logreg_2classes.js";
import { Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { ResumedLogisticRegression } from "./fit.ts";
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
