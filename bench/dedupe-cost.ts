/**
 * Per-shard throughput of the batch scorer in a Lambda-shaped process, and a cost model of one full
 * run at 10^8 records scaled from a local `npm run dedupe -- --engine duckdb` work directory.
 *
 *   taskset -c 0 node --max-old-space-size=1769 --import tsx bench/dedupe-cost.ts --work DIR/batch-work --records N
 *
 * (taskset -c 0: one CPU, as Lambda gives 1,769 MB; the heap cap stands in for the memory size.)
 * Every figure is printed beside the assumption it rests on. Prices: AWS list prices, us-east-1.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseModel } from "../lambda/model.ts";
import { parseJsonLines, scoreShard } from "../training/dedupe-batch/shard-worker.ts";
import { formatTable } from "./table.ts";

const { values } = parseArgs({
  options: {
    work: { type: "string" },
    records: { type: "string" },
    shards: { type: "string", default: "3" },
    target: { type: "string", default: "100000000" },
  },
});
if (!values.work || !values.records) throw new TypeError("--work DIR and --records N are required");
const work = values.work;
const records = Number(values.records);
const target = Number(values.target);

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
const bytes = (dir: string) => files(dir).reduce((sum, f) => sum + statSync(f).size, 0);

// 1. Throughput: score a few shards in this process, prepare and model included, S3 excluded.
const model = parseModel(readFileSync("data/model.json", "utf8"));
const shardFiles = files(join(work, "tables/pair_shards")).slice(0, Number(values.shards));
let pairs = 0;
let seconds = 0;
for (const file of shardFiles) {
  const rows = parseJsonLines(readFileSync(file, "utf8"));
  const started = performance.now();
  scoreShard(rows, model);
  seconds += (performance.now() - started) / 1000;
  pairs += rows.length;
}
const pairsPerSecond = pairs / seconds;
const rss = process.memoryUsage().rss / 2 ** 20;

// 2. Sizes measured here, scaled linearly to the target (an assumption: blocking keeps blocks ≤ maxBlock).
const allPairs = files(join(work, "tables/scores")).reduce(
  (n, f) => n + readFileSync(f, "utf8").split("\n").filter(Boolean).length,
  0,
);
const scale = target / records;
const targetPairs = allPairs * scale;
const shardBytesPerPair = bytes(join(work, "tables/pair_shards")) / allPairs;
const recordsParquet = statSync(join(work, "input/records.parquet")).size * scale;
const scoresBytes = bytes(join(work, "tables/scores")) * scale;
const candidatesBytes = targetPairs * 16; // a, b as bigint in Parquet, uncompressed upper bound
const propagationSteps = 12; // assumption: measured 3-4 on the sample; long chains need more

const athenaBytes =
  recordsParquet * 3 + // prepare keys, shards (two joins)
  candidatesBytes * 2 +
  scoresBytes * (2 + 3 * propagationSteps) + // init, every step reads scores twice + labels
  scoresBytes; // repair rows
const lambdaGbSeconds = (targetPairs / pairsPerSecond) * 1.769;
const objectsPerShard = (64 * 2 ** 20) / shardBytesPerPair; // assumption: Athena writes ~64 MB objects
const shardObjects = targetPairs / objectsPerShard;
const batches = shardObjects / 4;
const transitions = 20 + propagationSteps * 4 + batches * 2 * 2; // each child execution: start + task

const PRICE = {
  athenaPerTb: 5,
  lambdaGbS: 0.0000133334,
  lambdaPerM: 0.2,
  sfnPer1000: 0.025,
  putPer1000: 0.005,
  getPer1000: 0.0004,
};
const cost = {
  athena: (athenaBytes / 1e12) * PRICE.athenaPerTb,
  lambda: lambdaGbSeconds * PRICE.lambdaGbS + (batches * 2 * PRICE.lambdaPerM) / 1e6,
  stepFunctions: (transitions / 1000) * PRICE.sfnPer1000,
  s3: ((shardObjects * 2) / 1000) * (PRICE.putPer1000 + PRICE.getPer1000),
};
const rows = [
  ["figure", "value", "assumption / source"],
  [
    "scorer throughput",
    `${pairsPerSecond.toFixed(0)} pairs/s`,
    `${pairs} pairs of ${shardFiles.length} shards, this process (run under taskset -c 0)`,
  ],
  ["process RSS", `${rss.toFixed(0)} MB`, "after scoring; Lambda size 1,769 MB"],
  [
    "pairs at target",
    targetPairs.toExponential(2),
    `${allPairs} pairs for ${records} records, scaled linearly`,
  ],
  [
    "Athena bytes scanned",
    `${(athenaBytes / 1e12).toFixed(2)} TB`,
    `records Parquet x3, candidates x2, scores x(2+3x${propagationSteps} steps)+1`,
  ],
  ["Athena cost", `$${cost.athena.toFixed(2)}`, `$${PRICE.athenaPerTb}/TB scanned`],
  [
    "Lambda GB-s",
    lambdaGbSeconds.toExponential(2),
    "pairs / throughput x 1.769 GB (repair step not counted)",
  ],
  [
    "Lambda cost",
    `$${cost.lambda.toFixed(2)}`,
    `$${PRICE.lambdaGbS}/GB-s arm64 + $${PRICE.lambdaPerM}/M requests`,
  ],
  [
    "shard objects",
    shardObjects.toFixed(0),
    `~64 MB each, ${shardBytesPerPair.toFixed(0)} bytes/pair measured`,
  ],
  [
    "state transitions",
    transitions.toExponential(2),
    `2 per child execution, 2 maps, batches of 4; ${propagationSteps} loop steps`,
  ],
  ["Step Functions cost", `$${cost.stepFunctions.toFixed(2)}`, `$${PRICE.sfnPer1000}/1,000 transitions`],
  [
    "S3 requests cost",
    `$${cost.s3.toFixed(2)}`,
    `one GET + one PUT per shard object; $${PRICE.putPer1000}/1,000 PUT, $${PRICE.getPer1000}/1,000 GET`,
  ],
  [
    "total",
    `$${Object.values(cost)
      .reduce((a, b) => a + b, 0)
      .toFixed(2)}`,
    "one full run, excluding the embedding stage",
  ],
  [
    "scoring wall time",
    `${(targetPairs / pairsPerSecond / 200 / 60).toFixed(1)} min`,
    "at MaxConcurrency 200",
  ],
];
console.log(formatTable(rows));
