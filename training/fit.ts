import LogisticRegressionTwoClasses from "ml-logistic-regression/src/logreg_2classes.js";
import { Matrix } from "ml-matrix";
import { sigmoid } from "./metrics.ts";

/** A fitted logistic regression on standardised features. */
export interface FittedModel {
  scaling: { mean: number[]; std: number[] };
  weights: number[];
  intercept: number;
  iterations: number;
  learningRate: number;
  /** Scale c of the prior's pseudo-rows this fit used (see priorRows). */
  priorScale: number;
  /** ml-logistic-regression's own JSON of the final fit, kept in model.json for reference. */
  estimator: unknown;
}

/** Mean step size per sample; stable for standardised features with the summed gradient. */
const LEARNING_RATE = 4;
const FIRST_STEPS = 100;
const MAX_STEPS = 25_600;
/** A fit stops when doubling the steps improves the mean training log-loss by less than this. */
const TOLERANCE = 1e-3;

/** Labelled rows held out from fitting, used to stop it early. */
export interface Holdout {
  rows: readonly number[][];
  labels: readonly number[];
}

/**
 * Strengths of the prior on each standardised weight, tried in turn when a holdout is given: the
 * scale c of the pseudo-rows (see priorRows). A larger c pulls weights harder towards 0.
 */
const PRIOR_SCALES = [0.5, 1, 2, 4, 8];
/** The prior used without a holdout. */
const DEFAULT_PRIOR_SCALE = 1;

/**
 * Fits ml-logistic-regression on standardised features with an intercept column, regularised by a
 * prior expressed as data (penalisation by data augmentation, Greenland & Mansournia 2015): for each
 * feature, four pseudo-rows at ±c on that feature alone, one labelled valid and one invalid at each
 * point. They add a penalty near (c·w)² to each weight and leave the intercept alone (its column is 0
 * in them), which keeps weights finite on small or separable training sets such as iTunes-Amazon's
 * 321 pairs. With a `priorCentre` (a weight per feature on the raw, unstandardised scale: another
 * model's, see training/prior.ts) the pseudo-rows' labels become the centre's probabilities, so the
 * penalty pulls each weight towards the centre instead of 0: a feature the labels say little about
 * keeps the centre's weight, and the labels overrule it where they speak. With a `holdout` (the
 * validation part) each strength in PRIOR_SCALES is fitted and the one with the lowest holdout
 * log-loss is kept, unless `priorScale` fixes it (e.g. an ablation refit keeps the final model's).
 * Each fit doubles the gradient steps until the training log-loss stops improving (converged) or
 * MAX_STEPS is reached; `onRound` reports each round.
 */
export function fitLogistic(
  rows: readonly number[][],
  labels: readonly number[],
  onRound: (steps: number, loss: number) => void = () => {},
  holdout?: Holdout,
  priorScale?: number,
  priorCentre?: readonly number[],
): FittedModel {
  const { scaling, standardise } = standardisation(rows);
  const { std } = scaling;
  const X = standardise(rows);
  const learningRate = LEARNING_RATE / rows.length;
  const centre = priorCentre?.map((weight, j) => weight * (std[j] as number));
  if (priorScale !== undefined || !holdout || holdout.rows.length === 0)
    return fitWithPrior(X, labels, priorScale ?? DEFAULT_PRIOR_SCALE, learningRate, scaling, onRound, centre);
  const H = new Matrix(standardise(holdout.rows));
  let best: { model: FittedModel; loss: number } | undefined;
  for (const scale of PRIOR_SCALES) {
    const model = fitWithPrior(X, labels, scale, learningRate, scaling, onRound, centre);
    const [intercept, ...weights] = [model.intercept, ...model.weights];
    const scores = H.mmul(Matrix.columnVector([intercept, ...weights]))
      .to1DArray()
      .map(sigmoid);
    const loss = logLoss(holdout.labels, scores);
    if (!best || loss < best.loss) best = { model, loss };
  }
  return (best as { model: FittedModel }).model;
}

/**
 * Each column's mean and standard deviation over `rows` (1 for a constant column), and a function
 * that standardises rows with them behind an intercept column of 1s: the design matrix of a fit.
 */
export function standardisation(rows: readonly number[][]): {
  scaling: FittedModel["scaling"];
  standardise: (list: readonly number[][]) => number[][];
} {
  const width = rows[0]?.length ?? 0;
  const mean = Array.from({ length: width }, (_, j) => average(rows.map((r) => r[j] as number)));
  const std = Array.from({ length: width }, (_, j) => {
    const sd = Math.sqrt(average(rows.map((r) => ((r[j] as number) - (mean[j] as number)) ** 2)));
    return sd > 1e-9 ? sd : 1;
  });
  return {
    scaling: { mean, std },
    standardise: (list) =>
      list.map((r) => [1, ...r.map((v, j) => (v - (mean[j] as number)) / (std[j] as number))]),
  };
}

/**
 * One fit with pseudo-rows of scale `scale` (centred on `centre`, standardised weights, or 0), doubling
 * the steps until the training loss settles.
 */
function fitWithPrior(
  X: number[][],
  labels: readonly number[],
  scale: number,
  learningRate: number,
  scaling: FittedModel["scaling"],
  onRound: (steps: number, loss: number) => void,
  centre?: readonly number[],
): FittedModel {
  const prior = priorRows((X[0]?.length ?? 1) - 1, scale, centre);
  const data = new Matrix(X);
  const augmented = new Matrix([...X, ...prior.rows]);
  const y = Matrix.columnVector([...labels, ...prior.labels]);
  let previousLoss = Number.POSITIVE_INFINITY;
  const model = new ResumedLogisticRegression({ learningRate });
  let steps = FIRST_STEPS;
  for (; steps <= MAX_STEPS; steps *= 2) {
    model.trainOn(augmented, y, steps);
    const loss = logLoss(labels, model.testScores(data));
    onRound(steps, loss);
    if (previousLoss - loss < TOLERANCE) break;
    previousLoss = loss;
  }
  if (centre) settleSilentWeights(model, X, centre);
  const [intercept, ...weights] = model.weights.to1DArray();
  return {
    scaling,
    weights,
    intercept: intercept ?? 0,
    iterations: model.numSteps,
    learningRate,
    priorScale: scale,
    estimator: model.toJSON(),
  };
}

/**
 * Sets the weight of every feature constant on the training rows (a standardised column of zeros) to
 * its prior centre. The rows give such a weight no gradient; only its four pseudo-rows pull on it,
 * at 1/n of a step each, so the steps leave it near 0 on a large training set, although their
 * optimum, and so the fit's, is the centre. A prior model's weights for columns this catalog lacks
 * (album, duration, year in a four-field catalog) then carry over; on the training rows the column
 * is constant, so no score there changes.
 */
function settleSilentWeights(
  model: ResumedLogisticRegression,
  X: readonly number[][],
  centre: readonly number[],
): void {
  const weights = model.weights.to1DArray();
  for (let j = 0; j < centre.length; j++)
    if (X.every((row) => row[j + 1] === 0)) weights[j + 1] = centre[j] as number;
  model.weights = new Matrix([weights]);
}

/**
 * ml-logistic-regression's two-class model whose training goes on from where the previous round
 * stopped: `trainOn(x, y, total)` runs only the steps from the last total to the new one, with the
 * library's own update (`train` in logreg_2classes.js: scores, sigmoid, error, gradient, step). The
 * arithmetic is the library's, sum by sum in the same order (ml-matrix's `mmul` adds the products of
 * a row in column order), so the weights are bit-identical to its `train` with `numSteps: total`.
 * The steps run over plain Float64Arrays instead of a Matrix per step: no column vector of one-element
 * rows is allocated per step, and the transposed features are built once per call.
 */
export class ResumedLogisticRegression extends LogisticRegressionTwoClasses {
  numSteps = 0;

  trainOn(features: Matrix, target: Matrix, total: number): void {
    const m = features.rows;
    const n = features.columns;
    const rowMajor = new Float64Array(m * n);
    const columnMajor = new Float64Array(m * n);
    for (let i = 0; i < m; i++)
      for (let k = 0; k < n; k++) {
        const value = features.get(i, k);
        rowMajor[i * n + k] = value;
        columnMajor[k * m + i] = value;
      }
    const labels = Float64Array.from(target.getColumn(0));
    const weights = this.numSteps === 0 ? new Float64Array(n) : Float64Array.from(this.weights.getRow(0));
    const error = new Float64Array(m);
    for (let step = this.numSteps; step < total; step++) {
      for (let i = 0; i < m; i++) {
        let score = 0;
        for (let k = 0; k < n; k++) score += (rowMajor[i * n + k] as number) * (weights[k] as number);
        // The library's -prediction + label, which IEEE arithmetic rounds as label - prediction.
        error[i] = (labels[i] as number) - 1 / (1 + Math.exp(-score));
      }
      for (let k = 0; k < n; k++) {
        let gradient = 0;
        for (let i = 0; i < m; i++) gradient += (columnMajor[k * m + i] as number) * (error[i] as number);
        weights[k] = (weights[k] as number) + gradient * this.learningRate;
      }
    }
    this.weights = new Matrix([Array.from(weights)]);
    this.numSteps = total;
  }
}

/**
 * Four pseudo-rows per feature: the feature at +c and at −c, all others and the intercept column 0,
 * each point once labelled 1 and once 0. Their log-likelihood is highest at weight 0. With a `centre`
 * (standardised weights) both rows at ±c carry the soft label σ(±c·m) instead, m the feature's
 * centre, and their log-likelihood is highest at weight m (0 gives back the 1-and-0 rows' optimum).
 */
export function priorRows(
  width: number,
  scale: number,
  centre?: readonly number[],
): { rows: number[][]; labels: number[] } {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let j = 0; j < width; j++)
    for (const sign of [1, -1])
      for (const label of [1, 0]) {
        const row = new Array<number>(width + 1).fill(0);
        row[j + 1] = sign * scale;
        rows.push(row);
        labels.push(centre ? sigmoid(sign * scale * (centre[j] ?? 0)) : label);
      }
  return { rows, labels };
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
