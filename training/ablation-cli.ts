import { Command } from "commander";
import { ablation } from "./ablation.ts";
import { loadDataset } from "./dataset.ts";
import { runTraining } from "./pipeline.ts";
import { ablationIntervals } from "./report/ablation-intervals.ts";
import { formatInterval } from "./report/bootstrap.ts";

const options = new Command("ablation")
  .description(
    "Held-out F1 of the 4 suggested features, the final set, and the final set less each feature, with bootstrap 95 % intervals",
  )
  .option("--db <path>", "SQLite catalog", "data/db.db")
  .option("--groundtruth <path>", "labelled pairs", "data/groundtruth.csv")
  .parse()
  .opts<{ db: string; groundtruth: string }>();

const dataset = await loadDataset(options.db, options.groundtruth);
const run = runTraining(dataset.examples);
const rows = ablationIntervals(
  run.split.test.map((e) => e.label),
  ablation(run),
);
console.log("feature set                          test F1 [95 % CI]            gap to final [95 % CI]");
for (const r of rows) {
  const verdict = r.name === "final" ? "" : r.noise ? "  (noise)" : "";
  console.log(`${r.name.padEnd(36)} ${formatInterval(r.f1)}   ${formatInterval(r.gap)}${verdict}`);
}
