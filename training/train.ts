import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Command } from "commander";
import { FEATURE_NAMES } from "../lambda/features.ts";
import { writePairs } from "./csv.ts";
import { loadDataset } from "./dataset.ts";
import { runTraining, toModel } from "./pipeline.ts";
import { progressBar } from "./progress.ts";
import { metricsTable } from "./report-table.ts";

const options = new Command("train")
  .description("Fit the pair classifier on labelled pairs and write model.json")
  .option("--db <path>", "SQLite catalog with table soundrecording", "data/db.db")
  .option("--groundtruth <path>", "labelled pairs q_source_id,m_source_id,tag", "data/groundtruth.csv")
  .option("--out <path>", "where to write the model", "data/model.json")
  .option("--split-dir <dir>", "also write train.csv, validation.csv and test.csv of the group-aware split")
  .parse()
  .opts<{ db: string; groundtruth: string; out: string; splitDir?: string }>();

const features = progressBar("features");
const dataset = await loadDataset(options.db, options.groundtruth, features.update);
features.stop();
if (dataset.unknown.length > 0)
  console.warn(`skipped ${dataset.unknown.length} pairs naming ids not in ${options.db}`);

const run = runTraining(dataset.examples, (steps, loss) =>
  console.error(`fit: ${steps} steps, log-loss ${loss.toFixed(6)}`),
);
const model = toModel(run, dataset.fingerprint);
mkdirSync(dirname(options.out), { recursive: true });
writeFileSync(options.out, `${JSON.stringify(model, null, 2)}\n`);

if (options.splitDir) {
  mkdirSync(options.splitDir, { recursive: true });
  for (const part of ["train", "validation", "test"] as const) {
    writePairs(
      join(options.splitDir, `${part}.csv`),
      run.split[part].map((e) => e.pair),
    );
  }
}

const { train, validation, test } = run.split;
console.log(
  `pairs: train ${train.length}, validation ${validation.length}, test ${test.length} (group-aware split)`,
);
console.log(`threshold ${model.threshold.toFixed(4)} chosen on validation; test metrics:\n`);
console.log(
  metricsTable({
    [`final (${FEATURE_NAMES.length} features)`]: run.final.test,
    "baseline (4 features)": run.baseline.test,
    "always invalid": run.alwaysInvalid,
  }),
);
console.log(`\nwrote ${options.out}`);
