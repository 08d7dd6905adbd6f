declare module "ml-logistic-regression/src/logreg_2classes.js" {
  import type { Matrix } from "ml-matrix";

  /** Binary logistic regression fitted by batch gradient ascent on the summed log-likelihood. */
  export default class LogisticRegressionTwoClasses {
    constructor(options?: { numSteps?: number; learningRate?: number; weights?: number[][] | Matrix | null });
    numSteps: number;
    learningRate: number;
    weights: Matrix;
    train(features: Matrix, target: Matrix): void;
    testScores(features: Matrix): number[];
    toJSON(): { numSteps: number; learningRate: number; weights: Matrix };
  }
}
