import LogisticRegressionTwoClasses from "ml-logistic-regression/src/logreg_2classes.js";
import { Matrix } from "ml-matrix";

/** A fitted logistic regression on standardised features. */
export interface FittedModel {
  scaling: { mean: number[]; std: number[] };
  weights: number[];
  intercept: number;
  iterations: number;
  learningRate: number;
  /** ml-logistic-regression's own JSON of the final fit, kept in model.json for reference. */
  estimator: unknown;
}

/** Mean step size per sample; stable for standardised features with the summed gradient. */
const LEARNING_RATE = 4;
const FIRST_STEPS = 100;
const MAX_STEPS = 25_600;
/** Fitting stops when doubling the steps improves the mean log-loss by less than this. */
const TOLERANCE = 1e-3;

/** Labelled rows held out from fitting, used to stop it early. */
export interface Holdout {
  rows: readonly number[][];
  labels: readonly number[];
}

/**
 * Fits ml-logistic-regression on standardised features with an intercept column, doubling the number
 * of gradient steps until the training log-loss stops improving (converged) or MAX_STEPS is reached.
 * With a `holdout` (the validation part), it also stops once the holdout log-loss gets worse and keeps
 * the round with the lowest holdout loss: early stopping, the regulariser of plain gradient descent,
 * which keeps weights finite on small or separable training sets. `onRound` reports each round.
 */
export function fitLogistic(
  rows: readonly number[][],
  labels: readonly number[],
  onRound: (steps: number, loss: number) => void = () => {},
  holdout?: Holdout,
): FittedModel {
  const width = rows[0]?.length ?? 0;
  const mean = Array.from({ length: width }, (_, j) => average(rows.map((r) => r[j] as number)));
  const std = Array.from({ length: width }, (_, j) => {
    const sd = Math.sqrt(average(rows.map((r) => ((r[j] as number) - (mean[j] as number)) ** 2)));
    return sd > 1e-9 ? sd : 1;
  });
  const X = new Matrix(
    rows.map((r) => [1, ...r.map((v, j) => (v - (mean[j] as number)) / (std[j] as number))]),
  );
  const y = Matrix.columnVector([...labels]);
  const learningRate = LEARNING_RATE / rows.length;
  const standardise = (list: readonly number[][]) =>
    new Matrix(list.map((r) => [1, ...r.map((v, j) => (v - (mean[j] as number)) / (std[j] as number))]));
  const H = holdout && holdout.rows.length > 0 ? standardise(holdout.rows) : undefined;
  let previousLoss = Number.POSITIVE_INFINITY;
  let bestHoldoutLoss = Number.POSITIVE_INFINITY;
  let fitted: LogisticRegressionTwoClasses | undefined;
  let kept: { model: LogisticRegressionTwoClasses; steps: number } | undefined;
  let steps = FIRST_STEPS;
  for (; steps <= MAX_STEPS; steps *= 2) {
    fitted = new LogisticRegressionTwoClasses({ numSteps: steps, learningRate });
    fitted.train(X, y);
    const loss = logLoss(labels, fitted.testScores(X));
    onRound(steps, loss);
    if (H && holdout) {
      const holdoutLoss = logLoss(holdout.labels, fitted.testScores(H));
      if (holdoutLoss > bestHoldoutLoss) break;
      bestHoldoutLoss = holdoutLoss;
    }
    kept = { model: fitted, steps };
    if (previousLoss - loss < TOLERANCE) break;
    previousLoss = loss;
  }
  const final = kept ?? { model: fitted as LogisticRegressionTwoClasses, steps };
  fitted = final.model;
  const [intercept, ...weights] = fitted.weights.to1DArray();
  return {
    scaling: { mean, std },
    weights,
    intercept: intercept ?? 0,
    iterations: Math.min(final.steps, MAX_STEPS),
    learningRate,
    estimator: fitted?.toJSON(),
  };
}

function average(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(values.length, 1);
}

/** Mean negative log-likelihood of the labels under the scores. */
export function logLoss(labels: readonly number[], scores: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(Math.max(scores[i] as number, 1e-12), 1 - 1e-12);
    total -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return total / Math.max(labels.length, 1);
}
