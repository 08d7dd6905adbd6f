/**
 * Recall of the distributed embedding stage (IVF, training/dedupe-batch/ivf.ts) against exact kNN,
 * and the pairs completeness of the whole local batch run, on one catalog:
 *
 *   npx tsx bench/ivf-recall.ts [--db data/db.db] [--groundtruth data/groundtruth.csv] \
 *     [--per-centroid 20000,1000] [--exact-cache /tmp/exact.bin] [--out /tmp/ivf-recall]
 *
 * Each setting runs `runBatchDedupe` (the state machine in the emulator, DuckDB, 2 worker threads);
 * the exact baseline is brute force over all records with one embedding (document frequencies of the
 * whole catalog), cached in a file because it takes minutes.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Catalog } from "../lambda/catalog.ts";
import { parseModel } from "../lambda/model.ts";
import { readPairs } from "../training/csv.ts";
import { hashedNgramEmbedder } from "../training/dedupe/embed.ts";
import { annNeighbours, exactNeighbours } from "../training/dedupe/knn.ts";
import { prepareStage } from "../training/dedupe/pipeline.ts";
import { evaluateOnPairs } from "../training/dedupe/summary.ts";
import { runBatchDedupe } from "../training/dedupe-batch/engine.ts";
import { recallAgainst } from "../training/dedupe-batch/ivf.ts";
import { formatTable } from "./table.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/db.db" },
    groundtruth: { type: "string", default: "data/groundtruth.csv" },
    "per-centroid": { type: "string", default: "20000,1000" },
    "exact-cache": { type: "string" },
    out: { type: "string", default: "/tmp/ivf-recall" },
    k: { type: "string", default: "10" },
    /** Settings searched by brute force inside partitions too (the partitioning's own recall). */
    "exact-per-centroid": { type: "string", default: "1000" },
  },
});
const k = Number(values.k);
const model = parseModel(readFileSync("data/model.json", "utf8"));
const catalog = await Catalog.open(readFileSync(values.db));
const records = [...catalog.all()];
catalog.close();
const labelled = readPairs(values.groundtruth);

const { keys } = prepareStage(records);
const embedder = hashedNgramEmbedder();
const vectors = embedder.embed(keys.map((key) => key.embeddingText));
let exact: Int32Array;
const cache = values["exact-cache"];
if (cache && existsSync(cache)) exact = new Int32Array(readFileSync(cache).buffer.slice(0));
else {
  const started = performance.now();
  exact = exactNeighbours(vectors, k, embedder.dimensions).ids;
  console.log(
    `exact kNN of ${records.length} records: ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  if (cache) writeFileSync(cache, exact);
}
// The in-memory engine's neighbours (usearch HNSW over all records, one machine): the baseline.
const hnsw = annNeighbours(vectors, k, embedder.dimensions).ids;

const rows = [
  [
    "records/centroid, search",
    "centroids",
    "probes",
    "record shards",
    "largest partition",
    "recall@k vs exact",
    "pairs completeness",
    "wall time",
    "IVF worker s (assign / search)",
  ],
];
rows.push([
  "in-memory engine: HNSW over all",
  "-",
  "-",
  "-",
  String(records.length),
  recallAgainst(exact, hnsw, k).toFixed(4),
  "-",
  "-",
  "-",
]);
const settings = [
  ...(values["per-centroid"] ?? "").split(",").map((p) => ({ perCentroid: Number(p), exactInside: false })),
  ...(values["exact-per-centroid"] ?? "")
    .split(",")
    .filter(Boolean)
    .map((p) => ({ perCentroid: Number(p), exactInside: true })),
];
for (const { perCentroid, exactInside } of settings) {
  const started = performance.now();
  const result = await runBatchDedupe(records, model, {
    dir: join(values.out, `per-${perCentroid}${exactInside ? "-exact" : ""}`),
    k,
    search: "hnsw",
    recordsPerCentroid: perCentroid,
    exactInPartitions: exactInside,
  });
  const seconds = (performance.now() - started) / 1000;
  const evaluation = evaluateOnPairs(result, labelled);
  rows.push([
    `${perCentroid}, ${exactInside ? "brute force" : "HNSW"} inside`,
    String(result.ivf.centroids),
    String(result.ivf.probes),
    String(result.ivf.recordShards),
    String(result.largestPartition),
    recallAgainst(exact, result.knn, k).toFixed(4),
    evaluation.pairsCompleteness.toFixed(4),
    `${seconds.toFixed(0)} s`,
    `${(result.workerSeconds.assign ?? 0).toFixed(1)} / ${(result.workerSeconds.search ?? 0).toFixed(1)}`,
  ]);
  console.log(formatTable(rows));
}
