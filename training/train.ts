import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Command } from "commander";
import { writePairs } from "./csv.ts";
import { loadDataset } from "./dataset.ts";
import { runTraining, toModel } from "./pipeline.ts";
import { progressBar } from "./progress.ts";
import { trainingSummary } from "./report-table.ts";

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

console.log(
  trainingSummary(
    { train: run.split.train.length, validation: run.split.validation.length, test: run.split.test.length },
    model.threshold,
    { final: run.final.test, baseline: run.baseline.test, alwaysInvalid: run.alwaysInvalid },
  ),
);
console.log(`\nwrote ${options.out}`);
