import { Command } from "commander";
import { ablation } from "./ablation.ts";
import { loadDataset } from "./dataset.ts";
import { runTraining } from "./pipeline.ts";
import { metricsTable } from "./report-table.ts";

const options = new Command("ablation")
  .description(
    "Held-out metrics of the 4 suggested features, the final set, and the final set less each extra feature",
  )
  .option("--db <path>", "SQLite catalog", "data/db.db")
  .option("--groundtruth <path>", "labelled pairs", "data/groundtruth.csv")
  .parse()
  .opts<{ db: string; groundtruth: string }>();

const dataset = await loadDataset(options.db, options.groundtruth);
const rows = ablation(runTraining(dataset.examples));
console.log(metricsTable(Object.fromEntries(rows.map((row) => [row.name, row.test]))));
