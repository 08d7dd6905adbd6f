import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { priorModelOptions, priorModelOrExit } from "../prior.ts";
import { runBenchmark } from "./benchmark.ts";
import { SPLIT_FILES } from "./parse.ts";
import { PUBLISHED_F1, variantOf } from "./published.ts";

/** The shared copy beside the repository, read in place and never copied into the project. */
const DEFAULT_DIR = fileURLToPath(
  new URL("../../../shared/datasets/itunes-amazon/Structured", import.meta.url),
);

const options = priorModelOptions(new Command("bench:itunes"))
  .description(
    "Train the pair classifier on iTunes-Amazon train+valid and compare test P/R/F1 with published figures",
  )
  .option("--dir <folder>", "folder with train.txt, valid.txt and test.txt", DEFAULT_DIR)
  .option("--json <file>", "also write the figures as JSON")
  .parse()
  .opts<{ dir: string; json?: string; priorModel: string | false }>();

const missing = SPLIT_FILES.filter((file) => !existsSync(join(options.dir, file)));
if (missing.length > 0) {
  console.error(
    `iTunes-Amazon data not found: ${resolve(options.dir)} lacks ${missing.join(", ")}. ` +
      "Pass --dir <folder> holding train.txt, valid.txt and test.txt (see ../shared/datasets/itunes-amazon/README.md).",
  );
  process.exit(1);
}

const variant = variantOf(options.dir);
const published = PUBLISHED_F1[variant];
const prior = priorModelOrExit(options.priorModel, "bench:itunes");
const result = runBenchmark(options.dir, prior);
const pct = (x: number) => (100 * x).toFixed(2);
const lines = [
  ["system", "precision", "recall", "F1", "F1 w/o leaked test pairs"],
  ...result.rows.map((r) => [
    r.name,
    pct(r.test.precision),
    pct(r.test.recall),
    pct(r.test.f1),
    pct(r.cleanTestF1),
  ]),
  ...published.map((p) => [`published: ${p.system}`, "—", "—", p.f1.toFixed(2), "—"]),
];
const widths = (lines[0] ?? []).map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length)));
const { train, valid, test, testAlsoInTrainOrValid } = result.pairs;
console.log(
  `iTunes-Amazon ${variant}: train ${train}, valid ${valid}, test ${test} pairs (${testAlsoInTrainOrValid} test pairs also in train/valid)`,
);
console.log("weights fitted on train, threshold chosen on valid, scored on test; figures in %\n");
for (const line of lines)
  console.log(
    line.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  "),
  );

if (options.json) {
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(
    options.json,
    `${JSON.stringify({ dataset: `iTunes-Amazon (${variant})`, ...result, published }, null, 2)}\n`,
  );
  console.log(`\nwrote ${options.json}`);
}
