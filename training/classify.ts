import { readFileSync } from "node:fs";
import { Command } from "commander";
import { Catalog } from "../lambda/catalog.ts";
import { decideAll } from "./batch.ts";
import { exitOnInputError } from "./cli-exit.ts";
import { readPairs, writeCsv } from "./csv.ts";
import { evaluate } from "./metrics.ts";
import { loadModelFile } from "./model-file.ts";
import { prepareOutput } from "./output-file.ts";
import { bootstrapF1 } from "./report/bootstrap.ts";
import { metricsTable } from "./report-table.ts";

const options = new Command("classify")
  .description("Classify every pair of a CSV (q_source_id,m_source_id) and write class and probability")
  .option("--db <path>", "SQLite catalog with table soundrecording", "data/db.db")
  .option("--model <path>", "trained model", "data/model.json")
  .requiredOption(
    "--pairs <path>",
    "CSV with header q_source_id,m_source_id (extra columns ignored); with a tag column, the metrics are printed",
  )
  .requiredOption("--out <path>", "where to write q_source_id,m_source_id,class,probability")
  .parse()
  .opts<{ db: string; model: string; pairs: string; out: string }>();

const started = performance.now();
const { model, catalog, pairs } = await (async () => {
  prepareOutput("--out", options.out, [options.db, options.model, options.pairs]);
  return {
    model: loadModelFile(options.model),
    catalog: await Catalog.open(readFileSync(options.db)),
    pairs: readPairs(options.pairs),
  };
})().catch(exitOnInputError("classify"));
catalog.prepareAll();
const loaded = performance.now();
const cpuBefore = process.cpuUsage();
const results = decideAll({ catalog, model }, pairs);
const scored = performance.now();
// CPU time of the process (JIT and GC threads included) beside wall time: on a shared machine the
// wall figure mostly measures the other jobs.
const cpu = process.cpuUsage(cpuBefore);
const cpuS = (cpu.user + cpu.system) / 1e6;
writeCsv(
  options.out,
  ["q_source_id", "m_source_id", "class", "probability"],
  results.map((r) => [
    r.pair.q,
    r.pair.m,
    r.class,
    r.probability === undefined ? "" : r.probability.toFixed(6),
  ]),
);
const written = performance.now();

const unknown = results.filter((r) => r.class === "unknown_id");
for (const r of unknown.slice(0, 10)) console.warn(`unknown id in pair ${r.pair.q},${r.pair.m}`);
if (unknown.length > 0)
  console.warn(`${unknown.length} pairs name ids not in ${options.db}; written with class unknown_id`);
const seconds = (written - started) / 1000;
console.log(
  `classified ${results.length} pairs in ${seconds.toFixed(2)} s: ${Math.round(results.length / seconds)} pairs/s ` +
    `(load ${((loaded - started) / 1000).toFixed(2)} s, score ${((scored - loaded) / 1000).toFixed(2)} s = ` +
    `${Math.round(results.length / ((scored - loaded) / 1000))} pairs/s, ` +
    `CPU ${cpuS.toFixed(2)} s = ${Math.round(results.length / cpuS)} pairs/CPU-s, write ${((written - scored) / 1000).toFixed(2)} s)`,
);

// Pairs that carry their label (a groundtruth or a split part): how the decisions compare with it.
const labelled = results.filter((r) => r.probability !== undefined && r.pair.tag !== undefined);
if (labelled.length > 0) {
  const labels = labelled.map((r) => (r.pair.tag === "valid" ? 1 : 0));
  const metrics = evaluate(
    labels,
    labelled.map((r) => r.probability as number),
    model.threshold,
  );
  const { f1 } = bootstrapF1(labels, { model: labelled.map((r) => (r.class === "valid" ? 1 : 0)) }, "model");
  console.log(
    `\nagainst the tags of ${options.pairs} (${labelled.length} pairs, threshold ${model.threshold.toFixed(4)}):\n\n` +
      `${metricsTable({ [options.model]: metrics })}\n\n` +
      `F1 ${f1.model.value.toFixed(4)}, bootstrap 95 % interval [${f1.model.low.toFixed(4)}, ${f1.model.high.toFixed(4)}]`,
  );
}
