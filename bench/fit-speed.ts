/**
 * The gradient steps of a fit: ml-logistic-regression's own `train` (the baseline, same run) beside
 * ResumedLogisticRegression.trainOn (training/fit.ts), on the standardised features of every labelled
 * pair of a catalog with an intercept column, the same number of steps each, rounds alternating.
 * Checks that both reach the same weights, bit for bit.
 *
 *   npx tsx bench/fit-speed.ts [--db data/db.db] [--groundtruth data/groundtruth.csv] [--steps 200] [--rounds 2]
 */
import { parseArgs } from "node:util";
import LogisticRegressionTwoClasses from "ml-logistic-regression/src/logreg_2classes.js";
import { Matrix } from "ml-matrix";
import { loadDataset } from "../training/dataset.ts";
import { ResumedLogisticRegression, standardisation } from "../training/fit.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/db.db" },
    groundtruth: { type: "string", default: "data/groundtruth.csv" },
    steps: { type: "string", default: "200" },
    rounds: { type: "string", default: "2" },
  },
});
const { examples } = await loadDataset(values.db, values.groundtruth);
const width = examples[0]?.features.length ?? 0;
const { standardise } = standardisation(examples.map((e) => e.features));
const x = new Matrix(standardise(examples.map((e) => e.features)));
const y = Matrix.columnVector(examples.map((e) => e.label));
const steps = Number(values.steps);
const learningRate = 4 / examples.length;

console.log(
  `${examples.length.toLocaleString("en")} pairs × ${width + 1} columns, ${steps} steps, ms per step:`,
);
for (let round = 1; round <= Number(values.rounds); round++) {
  let started = performance.now();
  const library = new LogisticRegressionTwoClasses({ numSteps: steps, learningRate });
  library.train(x, y);
  const baseline = (performance.now() - started) / steps;
  started = performance.now();
  const resumed = new ResumedLogisticRegression({ learningRate });
  resumed.trainOn(x, y, steps);
  const ours = (performance.now() - started) / steps;
  const same = resumed.weights.to1DArray().every((w, j) => Object.is(w, library.weights.get(0, j)));
  console.log(
    `  round ${round}: library train (baseline) ${baseline.toFixed(2)}, trainOn ${ours.toFixed(2)} ` +
      `(${(baseline / ours).toFixed(1)}× faster), weights bit-identical: ${same ? "yes" : "NO"}`,
  );
}
