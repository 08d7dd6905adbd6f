/**
 * Per-shard throughput of the batch worker (scorer, repair and the IVF embedding steps) in a Lambda-shaped
 * process, and a cost model of one full run and of one daily incremental run at 10^8 records, with the
 * IVF stage and, from the same snapshot, with the MinHash query instead (the default search), scaled
 * from a local `npm run dedupe -- --engine duckdb --search hnsw` work directory (the IVF stage's objects).
 *
 *   taskset -c 0 node --max-old-space-size=1769 --import tsx bench/dedupe-cost.ts --work DIR/batch-work --records N \
 *     [--daily-change 0.001] [--throughput-only]
 *
 * `--throughput-only` measures the scorer and the repair step on the first `--shards` shards of each
 * and stops: it reads any work directory (a MinHash run's too, at any size).
 *
 * (taskset -c 0: one CPU, as Lambda gives 1,769 MB; the heap cap stands in for the memory size.)
 * Every figure is printed beside the assumption it rests on. Prices: AWS list prices, us-east-1.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { parseModel } from "../lambda/model.ts";
import { CANNOT_LINK_BELOW } from "../training/dedupe/cluster.ts";
import {
  CENTROIDS_MEMORY_MB,
  COPY_CONCURRENCY,
  DEFAULT_LIMITS,
  WORKER_MEMORY_MB,
} from "../training/dedupe-batch/definition.ts";
import { DuckDbStages } from "../training/dedupe-batch/duckdb-stages.ts";
import { centroidCount, nearestCentroids, sampleSize } from "../training/dedupe-batch/ivf.ts";
import {
  assignStep,
  type ObjectStore,
  PARTITIONS_PER_GROUP,
  type PartitionGroup,
  partitionGroups,
  reuseCentroidsStep,
  searchStep,
} from "../training/dedupe-batch/ivf-worker.ts";
import { directoryStore } from "../training/dedupe-batch/local-worker.ts";
import { defaultMinhashParts, RECORDS_PER_MINHASH_PART } from "../training/dedupe-batch/minhash-parts.ts";
import {
  parseJsonLines,
  readPairShard,
  repairShard,
  scoreShard,
} from "../training/dedupe-batch/shard-worker.ts";
import { RECORDS_PER_PAIR_SHARD, RECORDS_PER_SHARD } from "../training/dedupe-batch/snapshot.ts";
import {
  MAX_SHARDS,
  MINHASH_BUCKETS,
  MINHASH_PART,
  RECORD_FIELDS,
  SHARDS_PER_GROUP,
  TABLES,
} from "../training/dedupe-batch/sql.ts";
import { formatTable } from "./table.ts";

const { values } = parseArgs({
  options: {
    work: { type: "string" },
    records: { type: "string" },
    shards: { type: "string", default: "3" },
    target: { type: "string", default: "100000000" },
    "daily-change": { type: "string", default: "0.001" },
    "throughput-only": { type: "boolean", default: false },
  },
});
if (!values.work || !values.records) throw new TypeError("--work DIR and --records N are required");
const work = values.work;
const records = Number(values.records);
const target = Number(values.target);
const dailyChange = Number(values["daily-change"]);

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
const bytes = (dir: string) => files(dir).reduce((sum, f) => sum + statSync(f).size, 0);

/** Rows of the shard files and the seconds `work` took on them (reading and parsing excluded). */
async function timeShards<T>(
  shardFiles: readonly string[],
  read: (bytes: Buffer) => Promise<T>,
  rowsOf: (shard: T) => number,
  work: (shard: T) => unknown,
) {
  let rows = 0;
  let seconds = 0;
  for (const file of shardFiles) {
    const parsed = await read(readFileSync(file));
    const started = performance.now();
    work(parsed);
    seconds += (performance.now() - started) / 1000;
    rows += rowsOf(parsed);
  }
  return { rows, seconds };
}

// 1. Throughput: score a few shards in this process, prepare and model included, S3 excluded.
const model = parseModel(readFileSync("data/model.json", "utf8"));
const shardFiles = files(join(work, "tables/pair_shards")).slice(0, Number(values.shards));
const { rows: pairs, seconds } = await timeShards(
  shardFiles,
  readPairShard,
  (shard) => shard.rows,
  (shard) => scoreShard(shard, model),
);
const pairsPerSecond = pairs / seconds;

// 1a. The repair step on this run's own repair rows (every component with its members and scored
// pairs): each shard object repaired in this process, as one RepairShard invocation does.
const throughputOnly = values["throughput-only"];
// The cost model scales every repair row of the run; the throughput alone needs a few shards.
const repairFiles = files(join(work, "tables/repair_rows")).slice(
  0,
  throughputOnly ? Number(values.shards) : undefined,
);
const { rows: repairRows, seconds: repairSeconds } = await timeShards(
  repairFiles,
  async (bytes) => parseJsonLines(bytes.toString("utf8")),
  (rows) => rows.length,
  (rows) => repairShard(rows, model, { threshold: model.threshold, cannotLinkBelow: CANNOT_LINK_BELOW }),
);
const repairRowsPerSecond = repairRows / repairSeconds;
const throughputRows = [
  ["figure", "value", "assumption / source"],
  [
    "scorer throughput",
    `${pairsPerSecond.toFixed(0)} pairs/s`,
    `${pairs} pairs of ${shardFiles.length} shards, this process (run under taskset -c 0)`,
  ],
  [
    "repair throughput",
    `${repairRowsPerSecond.toFixed(0)} rows/s`,
    `${repairRows} repair rows (members + linked pairs of every component) in ${repairFiles.length} shards, this process`,
  ],
];
if (throughputOnly) {
  throughputRows.push([
    "process RSS",
    `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    "after scoring and repair; Lambda size 1,769 MB",
  ]);
  console.log(formatTable(throughputRows));
  process.exit(0);
}

// 1b. The IVF steps on this run's own objects: one record shard assigned, the largest partition
// searched; outputs discarded (a store that reads the work directory and writes nowhere).
const local = directoryStore(work);
let putBytes = 0;
const readOnly: ObjectStore = {
  get: local.get,
  list: local.list,
  put: async (_key, body) => {
    putBytes += body.length;
  },
};
if (!existsSync(join(work, "tables/record_shards"))) {
  console.error(
    `${work} holds no IVF embedding stage (a MinHash run): the cost model prices the IVF steps; make the work directory with --search hnsw, or add --throughput-only`,
  );
  process.exit(1);
}
const run = Number(readdirSync(join(work, "tables/record_shards"))[0]?.replace("run=", "") ?? 1);
const recordShardKeys = await local.list(`tables/record_shards/run=${run}/`);
let started = performance.now();
const assigned = await assignStep(readOnly, [recordShardKeys[0] as string], run, 2);
const assignPerSecond = assigned.rows / ((performance.now() - started) / 1000);
const memberBytesPerRecord = putBytes / assigned.rows;
// The partition group with the most members, searched whole (members counted over its partitions).
const groupDirs = readdirSync(join(work, `tables/ivf_members/run=${run}`));
const members = (group: string) =>
  files(join(work, `tables/ivf_members/run=${run}`, group))
    .filter((f) => basename(f).startsWith("written="))
    .reduce((n, f) => n + readFileSync(f, "utf8").split("\n").filter(Boolean).length, 0);
const largest = groupDirs.map((g) => ({ g, m: members(g) })).sort((x, y) => y.m - x.m)[0] ?? {
  g: "group=0",
  m: 0,
};
const centroidsHere = (
  JSON.parse(readFileSync(join(work, `tables/ivf_centroids/run=${run}/centroids.json`), "utf8")) as {
    count: number;
  }
).count;
const searched = partitionGroups(centroidsHere).find(
  (g) => `group=${g.group}` === largest.g,
) as PartitionGroup;
started = performance.now();
// As in the full run: the search reads the member objects and writes the partition objects (the work
// directory's own, written by that run, are hidden from it).
const asInFullRun: ObjectStore = {
  ...readOnly,
  list: async (prefix) => (await local.list(prefix)).filter((key) => !/\/partitions?[=.][^/]*$/.test(key)),
};
await searchStep(asInFullRun, { mode: "search", run, ...searched, k: 10, exact: 0 });
const searchPerSecond = largest.m / ((performance.now() - started) / 1000);

// 1c. The same group in an incremental run (run + 1): a `dailyChange` share of the records, taken
// evenly from the record shards, assigned against the kept centroids and searched for against the
// group's members. Writes stay in memory over the work directory. Here a partition holds as many
// records as at the target (records per centroid is the same), so the queries per partition are too.
const staged = new Map<string, string | Uint8Array>();
const overlay: ObjectStore = {
  get: async (key) => {
    const body = staged.get(key);
    return body === undefined ? local.get(key) : Buffer.from(body).toString("utf8");
  },
  put: async (key, body) => {
    staged.set(key, body);
  },
  list: async (prefix) =>
    [...(await local.list(prefix)), ...[...staged.keys()].filter((k) => k.startsWith(prefix))].sort(),
};
const every = Math.max(1, Math.round(1 / dailyChange));
const changedRows: string[] = [];
let seen = 0;
for (const key of recordShardKeys)
  for (const line of (await local.get(key)).split("\n"))
    if (line && seen++ % every === 0) changedRows.push(line);
const nextRun = run + 1;
await reuseCentroidsStep(overlay, { mode: "reuse", run: nextRun, previousRun: run });
const changedKey = `tables/record_shards/run=${nextRun}/shard=0/changed.json`;
staged.set(changedKey, `${changedRows.join("\n")}\n`);
await assignStep(overlay, [changedKey], nextRun, 2);
started = performance.now();
const incrementalHits = await searchStep(overlay, {
  mode: "search",
  run: nextRun,
  ...searched,
  k: 10,
  exact: 0,
  membersRun: run,
});
const incrementalSeconds = (performance.now() - started) / 1000;
const incrementalMembersPerSecond = largest.m / incrementalSeconds;

// k-means' cost is its nearest-centroid searches: measure distances per second at 256 dimensions.
const probe = new Float32Array(20_000 * 256).map(() => Math.random() - 0.5);
const probeCentroids = new Float32Array(500 * 256).map(() => Math.random() - 0.5);
started = performance.now();
nearestCentroids(probe, probeCentroids, 256, 1);
const distancesPerSecond = (20_000 * 500) / ((performance.now() - started) / 1000);
const rss = process.memoryUsage().rss / 2 ** 20;

// 2. Sizes measured here, scaled linearly to the target (an assumption: a block over maxBlock adds at most 5 pairs per record).
const allPairs = files(join(work, "tables/scores")).reduce(
  (n, f) => n + readFileSync(f, "utf8").split("\n").filter(Boolean).length,
  0,
);
const scale = target / records;
const targetPairs = allPairs * scale;
const shardBytesPerPair = bytes(join(work, "tables/pair_shards")) / allPairs;
// Athena reads only the columns a query names: each stage's reads of the records snapshot, from the
// Parquet file's own column sizes.
const recordsFile = await snapshotParquet(work, run);
const fieldNames = RECORD_FIELDS.map(([name]) => name);
const recordColumnBytes = await parquetColumnBytes(recordsFile);
const recordColumns = (...names: string[]) =>
  names.reduce((sum, name) => sum + (recordColumnBytes.get(name) ?? 0), 0) * scale;
const recordReads = {
  prepareKeys: recordColumns("rid", "block_keys"),
  ridChanged: recordColumns("rid", "changed"), // candidates' two joins; WriteAffected's two reads
  fields: recordColumns("rid", ...fieldNames), // write shards' two joins, repair rows, record shards
  clusters: recordColumns("rid", "sr_id"),
};
const recordsParquet =
  recordReads.prepareKeys + recordReads.ridChanged * 2 + recordReads.fields * 3 + recordReads.clusters;
const recordShardsRead = recordReads.fields + recordColumns("changed");
const scoresBytes = bytes(join(work, "tables/scores")) * scale;
// ASSUMED at 10^8. Measured on the generated catalogs with jumps and hooks (session 60): 5, 7 and 14
// steps at 10^5, 10^6 and 10^7 records (plain min-label propagation: 6, 15 and 178).
const propagationSteps = 20;

// The links (pairs at or above the threshold) and the first labels, written as Parquet from this
// run's scores the way WriteLinks and InitLabels write them in Athena: their sizes, scaled.
const { linksBytes, labelsBytes, scoredPairsBytes, candidatePairsBytes, links } = await linkTables(
  join(work, "tables/scores"),
  model.threshold,
);
// The candidates (a, b, sources, shard) as Candidates writes them, scaled.
const candidatesBytes = candidatePairsBytes * scale;
const repairedBytes = bytes(join(work, "tables/repaired")) * scale;
// The workers' inputs are staged once and copied a group of SHARDS_PER_GROUP shards at a time (Athena
// writes at most 100 partitions in one INSERT): each copy reads its group's partition of the staging
// table, so the copies together read it once. Staged as Parquet; priced at the sizes measured here
// (pair shards: ZSTD Parquet; repair rows: JSON lines, an upper bound of their Parquet).
const stagedPairBytes = shardBytesPerPair * targetPairs;
const stagedRepairBytes = bytes(join(work, "tables/repair_rows")) * scale;
const shardGroups = (shards: number) => Math.ceil(Math.min(MAX_SHARDS, shards) / SHARDS_PER_GROUP);
// The Pass listing the groups and the Map, then each group's copy query (an iteration of the Map).
const groupTransitions = (shards: number) => 2 + shardGroups(shards);
const athenaBytes =
  recordsParquet + // prepare keys, candidates, shards, repair rows, clusters: the columns each reads
  candidatesBytes * 2 +
  scoresBytes + // WriteScoredPairs: the scorer's JSON lines, once
  scoredPairsBytes * scale * 3 + // WriteLinks; WriteRepairRows looks up each end of a pair apart (session 59)
  linksBytes * scale * (2 + 4 * propagationSteps) + // InitLabels, then every step reads the links four times
  labelsBytes * scale * (8 * propagationSteps + 1) + // every step: labels six times (jump, links, hooks), CountChanged twice; WriteComponents
  repairedBytes + // WriteClusters
  stagedPairBytes + // CopyPairShards
  stagedRepairBytes; // CopyRepairRows
const repairSecondsAtTarget = (repairRows * scale) / repairRowsPerSecond;
const lambdaGbSeconds = (targetPairs / pairsPerSecond + repairSecondsAtTarget) * 1.769;
// Assumption: one object per pair-shard partition (RECORDS_PER_PAIR_SHARD records each, as the run's
// input sets `shards`), as the local engine writes them; Athena may split a partition into more.
const shardObjects = Math.ceil(target / RECORDS_PER_PAIR_SHARD);
const batches = shardObjects / 4;
// each child execution: start + task; the copies of the pair shards and of the repair rows
const transitions = 20 + propagationSteps * 4 + batches * 2 * 2 + groupTransitions(shardObjects) * 2;

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
  // a GET and a PUT per pair shard and per repair shard, and a LIST (PUT's price) per repair shard
  s3:
    ((shardObjects * 2) / 1000) * (PRICE.putPer1000 + PRICE.getPer1000) +
    (shardObjects / 1000) * PRICE.putPer1000,
};
// 3. The embedding stage (IVF) at the target, with the code's defaults.
const centroids = centroidCount(target);
const kMeansSample = sampleSize(centroids);
const kMeansIterations = 10;
const recordShards = Math.ceil(target / RECORDS_PER_SHARD);
const probes = 2;
const hitsBytes = bytes(join(work, "tables/knn_hits")) * scale;
const kMeansCpuSeconds = (kMeansSample * centroids * kMeansIterations) / distancesPerSecond;
// Lambda gives 6 vCPUs at its maximum memory; usearch's brute-force search splits the sample's rows
// over its threads (ASSUMED linear in vCPUs; not measurable on this 2-core machine beyond 2).
const CENTROIDS_VCPUS = 6;
const kMeansSeconds = kMeansCpuSeconds / CENTROIDS_VCPUS;
// The assign rate above met this run's few centroids; at the target each record also meets all of
// the target's centroids in the nearest-centroid search.
const assignSeconds = target / assignPerSecond + (target * centroids) / distancesPerSecond;
const ivfSeconds = {
  centroids: kMeansSeconds,
  assign: assignSeconds,
  search: (target * probes) / searchPerSecond,
};
const ivfGbSeconds =
  ivfSeconds.centroids * (CENTROIDS_MEMORY_MB / 1000) +
  (ivfSeconds.assign + ivfSeconds.search) * (WORKER_MEMORY_MB / 1000);
const groups = Math.ceil(centroids / PARTITIONS_PER_GROUP);
// Each assign child (a batch of record shards) writes one member object per partition group it reaches
// (all of them at this size).
const assignBatches = Math.ceil(recordShards / DEFAULT_LIMITS.maxItemsPerBatch);
const memberObjects =
  assignBatches * Math.min(groups, RECORDS_PER_SHARD * DEFAULT_LIMITS.maxItemsPerBatch * probes);
// member objects, hits per group, centroids, and each group's partition objects and their list
const ivfPuts = memberObjects + groups + 1 + centroids + groups;
const ivfGets = recordShards + memberObjects + assignBatches; // shards, members, centroids per assign batch
const ivfTransitions = assignBatches * 2 + groups * 2 + 6 + groupTransitions(recordShards);
// CopyRecordShards reads the staged record shards once: priced as the JSON lines measured here.
const stagedRecordShardBytes = bytes(join(work, "tables/record_shards")) * scale;
const ivfCost = {
  lambda: ivfGbSeconds * PRICE.lambdaGbS + ((assignBatches + groups + 1) * PRICE.lambdaPerM) / 1e6,
  stepFunctions: (ivfTransitions / 1000) * PRICE.sfnPer1000,
  s3: (ivfPuts / 1000) * PRICE.putPer1000 + (ivfGets / 1000) * PRICE.getPer1000,
  athena: ((recordShardsRead + hitsBytes + stagedRecordShardBytes) / 1e12) * PRICE.athenaPerTb,
};
/** The sum of a cost breakdown's parts. */
const sum = (costs: Record<string, number>) => Object.values(costs).reduce((a, b) => a + b, 0);
const fullTotal = sum(cost) + sum(ivfCost);

// 4. A daily incremental run: the scorer sees only pairs touching a changed record, only the
// components those pairs touch are clustered again (below), and the embedding stage keeps the last
// full run's centroids and members: it assigns the changed records only and searches for them
// against the members of the partitions they reach (every one at the target: see 1c).
/**
 * Pairs of two unchanged records a daily run scores per pair touching a changed record: the
 * neighbours that take the places a deletion or an edit frees. ASSUMED from one run of
 * bench/incremental-pairs.ts (20,000 sample records, 0.1 % deleted and 0.1 % edited: 275 per 292).
 */
const UNCHANGED_PAIRS_PER_TOUCHING_PAIR = 0.94;
const touchingPairs = targetPairs * (1 - (1 - dailyChange) ** 2);
const changedPairs = touchingPairs * (1 + UNCHANGED_PAIRS_PER_TOUCHING_PAIR);
const changedRecords = target * dailyChange;
const dailyRecordShards = Math.ceil(changedRecords / RECORDS_PER_SHARD);
const dailyAssignBatches = Math.ceil(dailyRecordShards / DEFAULT_LIMITS.maxItemsPerBatch);
const dailyMemberObjects = dailyAssignBatches * groups;
// Partitions a day's changed records reach (each meets `probes`): the partition objects it reads.
const reachedPartitions = Math.min(centroids, changedRecords * probes);
const keysPerGroup = memberObjects / groups + PARTITIONS_PER_GROUP + 1 + dailyAssignBatches;
const dailyListPages = groups * Math.ceil(keysPerGroup / 1000);
const dailyIvfSeconds = {
  assign: changedRecords / assignPerSecond + (changedRecords * centroids) / distancesPerSecond,
  search: (target * probes) / incrementalMembersPerSecond,
};
const dailyIvf = {
  lambda:
    (dailyIvfSeconds.assign + dailyIvfSeconds.search) * (WORKER_MEMORY_MB / 1000) * PRICE.lambdaGbS +
    ((dailyAssignBatches + groups + 1) * PRICE.lambdaPerM) / 1e6,
  stepFunctions: ((dailyAssignBatches * 2 + groups * 2 + 8) / 1000) * PRICE.sfnPer1000,
  // PUTs: the new member objects, hits and centroids; GETs: the new member objects, each group's list of
  // partition objects and the full run's partition object of every partition reached, plus listing
  // each group (the full run's member objects too: 1,000 keys a page, priced as PUTs).
  s3:
    ((dailyMemberObjects + groups + 1) / 1000) * PRICE.putPer1000 +
    ((dailyMemberObjects + groups + reachedPartitions + dailyRecordShards + dailyAssignBatches + 1) / 1000) *
      PRICE.getPer1000 +
    (dailyListPages / 1000) * PRICE.putPer1000,
  athena:
    ((recordShardsRead + (hitsBytes + stagedRecordShardBytes) * dailyChange) / 1e12) * PRICE.athenaPerTb,
};
// The SQL stages of a daily run: keys and candidates still read every record; the candidates table
// holds every pair, the carried ones in their own partition: that partition is read twice
// (CarryScores, and WriteAffected's pairs no longer proposed), the pairs to score three times (write
// shards, WriteAffected's two sides); the scored pairs seven times (the candidates' check for pairs
// scored before and, with IVF, the neighbour pairs proposed again: their pair columns only, priced
// as the whole table; CarryScores, WriteAffected's pairs no longer proposed, links, repair rows twice);
// only the affected components' links and labels are propagated (the loop reads this run's
// partitions only); the previous components and repair rows are read to find and carry the
// untouched ones.
const affected = await affectedShares(work, run, every);
const dailyAthenaBytes =
  recordsParquet + // the same stages read the same columns of every record
  recordReads.ridChanged * 4 + // WriteAffected: changed and deleted records; Candidates: unchanged pairs
  candidatesBytes * 2 + // the carried pairs: CarryScores, WriteAffected
  candidatesBytes * (changedPairs / targetPairs) * 3 + // the pairs to score: write shards, WriteAffected twice
  scoresBytes * (changedPairs / targetPairs) + // WriteScoredPairs: the pairs scored today
  scoredPairsBytes * scale * 7 + // Candidates twice, CarryScores, WriteAffected, WriteLinks, WriteRepairRows twice
  labelsBytes * scale * 2 + // the previous components: WriteAffected, WriteComponents
  (linksBytes * scale * affected.links * (2 + 4 * propagationSteps) + // this run's links only
    labelsBytes * scale * affected.labels * (8 * propagationSteps + 4)) + // labels; affected x3
  repairedBytes * 2 + // CarryRepaired, WriteClusters
  stagedPairBytes * (changedPairs / targetPairs) + // CopyPairShards: today's pairs
  stagedRepairBytes * affected.repairRows; // CopyRepairRows: the affected components' rows
const daily = {
  athena: (dailyAthenaBytes / 1e12) * PRICE.athenaPerTb,
  // The repair map reads the affected components' rows only.
  lambda:
    (changedPairs / pairsPerSecond + repairSecondsAtTarget * affected.repairRows) * 1.769 * PRICE.lambdaGbS +
    dailyIvf.lambda,
  stepFunctions: cost.stepFunctions * (changedPairs / targetPairs) + dailyIvf.stepFunctions,
  s3: cost.s3 * (changedPairs / targetPairs) + dailyIvf.s3,
  ivfAthena: dailyIvf.athena,
};
const dailyTotal = sum(daily);

// 5. The MinHash search instead of the IVF stage (the default): Athena queries only, no Lambda and no
// S3 objects of their own. MinhashBuckets reads every record's buckets once and files them by part;
// each part reads its own bucket rows and every record's low bytes; MinhashMerge reads what the parts
// kept. The three stages run here on this run's snapshot (it carries the MinHash columns whichever
// search a run used) with the target's number of parts, their tables measured as Parquet.
const minhashParts = defaultMinhashParts(target);
const minhash = await minhashTables(recordsFile, minhashParts);
rmSync(dirname(recordsFile), { recursive: true, force: true });
const minhashBytes =
  recordColumns("rid", "minhash_buckets") +
  minhash.bucketsBytes * scale +
  minhashParts * recordColumns("rid", "minhash_low") +
  minhash.bestBytes * scale;
// MinhashBuckets and a Pass, then per part its query, the Choice and the Pass to the next, then the merge.
const minhashTransitions = 2 + 3 * minhashParts + 1;
const minhashCost =
  (minhashBytes / 1e12) * PRICE.athenaPerTb + (minhashTransitions / 1000) * PRICE.sfnPer1000;
const minhashFullTotal = sum(cost) + minhashCost;
const minhashDailyTotal = dailyTotal - sum(dailyIvf) + minhashCost;

/**
 * The share of links, linked records and repair rows an incremental run would cluster again if every
 * `every`-th record (by rid) changed: WriteAffected's rule (sql.ts) restated over this run's own
 * tables, which hold no run 2 to run the stage itself on (the pairs touching a changed record, both
 * sides, and every member of their components).
 */
async function affectedShares(dir: string, run: number, every: number) {
  const duck = await (
    await DuckDBInstance.create(join(dir, "stages.duckdb"), { access_mode: "READ_ONLY" })
  ).connect();
  const one = async (sql: string) => Number((await duck.runAndReadAll(sql)).getRows()[0]?.[0]);
  await duck.run(`CREATE TEMP TABLE touched AS
    SELECT rid FROM records WHERE run = ${run} AND rid % ${every} = 0
    UNION SELECT a FROM candidates WHERE run = ${run} AND (a % ${every} = 0 OR b % ${every} = 0)
    UNION SELECT b FROM candidates WHERE run = ${run} AND (a % ${every} = 0 OR b % ${every} = 0)`);
  await duck.run(`CREATE TEMP TABLE hit AS
    SELECT rid FROM touched
    UNION SELECT p2.rid FROM touched t JOIN components p1 ON p1.rid = t.rid AND p1.run = ${run}
    JOIN components p2 ON p2.component = p1.component AND p2.run = ${run}`);
  const shares = {
    records:
      (await one("SELECT count(*) FROM hit")) /
      (await one(`SELECT count(*) FROM records WHERE run = ${run}`)),
    links:
      (await one(`SELECT count(*) FROM links WHERE run = ${run} AND a IN (SELECT rid FROM hit)`)) /
      (await one(`SELECT count(*) FROM links WHERE run = ${run}`)),
    labels:
      (await one(`SELECT count(*) FROM components WHERE run = ${run} AND rid IN (SELECT rid FROM hit)`)) /
      (await one(`SELECT count(*) FROM components WHERE run = ${run}`)),
    repairRows:
      (await one(
        `SELECT count(*) FROM repair_rows WHERE run = ${run} AND component IN (SELECT component FROM components WHERE run = ${run} AND rid IN (SELECT rid FROM hit))`,
      )) / (await one(`SELECT count(*) FROM repair_rows WHERE run = ${run}`)),
  };
  duck.closeSync();
  return shares;
}

/**
 * The run's records snapshot as the Parquet file Athena would read (the snapshot's own format): the
 * local engine deletes its file once DuckDB has loaded it (since session 54), so it is written again
 * from the work directory's database, into a temporary directory.
 */
async function snapshotParquet(dir: string, run: number): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), "dedupe-cost-")), "records.parquet");
  const duck = await (
    await DuckDBInstance.create(join(dir, "stages.duckdb"), { access_mode: "READ_ONLY" })
  ).connect();
  const columns = TABLES.records.columns.map(([n]) => n).join(", ");
  await duck.run(
    `COPY (SELECT ${columns} FROM records WHERE run = ${Number(run)} ORDER BY rid) TO '${file}' (FORMAT PARQUET)`,
  );
  duck.closeSync();
  return file;
}

/** Compressed bytes of each column of a Parquet file (what Athena scans of it when a query reads that column). */
async function parquetColumnBytes(file: string): Promise<Map<string, number>> {
  const duck = await (await DuckDBInstance.create(":memory:")).connect();
  const sizes = (
    await duck.runAndReadAll(
      `SELECT path_in_schema, sum(total_compressed_size) FROM parquet_metadata('${file}') GROUP BY path_in_schema`,
    )
  ).getRows();
  duck.closeSync();
  // A list column's path names its leaf ("block_keys, list, element"): keyed by its first part.
  const bytes = new Map<string, number>();
  for (const [path, size] of sizes) {
    const column = String(path).split(",")[0] as string;
    bytes.set(column, (bytes.get(column) ?? 0) + Number(size));
  }
  return bytes;
}

/**
 * The MinHash stages (sql.ts) on a snapshot, in DuckDB as the local engine runs them: the sizes of
 * the bucket rows and of the parts' kept neighbours as Parquet (GZIP, as Athena writes Hive tables),
 * and how many neighbours a record keeps per part.
 */
async function minhashTables(snapshot: string, parts: number) {
  const dir = mkdtempSync(join(tmpdir(), "dedupe-cost-minhash-"));
  const stages = await DuckDbStages.open(dir, { inMemory: true });
  try {
    await stages.loadParquet("records", 1, snapshot);
    const values = { run: 1, minhashParts: parts, k: 10 };
    await stages.run(MINHASH_BUCKETS, values);
    for (let part = 0; part < parts; part++) await stages.run(MINHASH_PART, { ...values, minhashPart: part });
    const size = async (table: string, columns: string) => {
      const file = join(dir, `${table}.parquet`);
      await stages.connection.run(
        `COPY (SELECT ${columns} FROM ${table}) TO '${file}' (FORMAT parquet, COMPRESSION gzip)`,
      );
      return statSync(file).size;
    };
    const [kept] = await stages.query("SELECT count(*) AS n FROM minhash_best");
    return {
      bucketsBytes: await size("buckets", "rid, bucket"),
      bestBytes: await size("minhash_best", "a, rank_key"),
      keptPerRecordPart: Number(kept?.n) / records / parts,
    };
  } finally {
    stages.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Sizes of the scored pairs, the links and the first labels as Parquet, GZIP-compressed as Athena
 * writes Hive tables by default.
 */
async function linkTables(scoresDir: string, threshold: number) {
  const dir = mkdtempSync(join(tmpdir(), "dedupe-cost-"));
  const duck = await (await DuckDBInstance.create(":memory:")).connect();
  try {
    const scores = `read_json('${scoresDir}/**/*.json', columns = {a: 'BIGINT', b: 'BIGINT', p: 'DOUBLE', sources: 'INTEGER'})`;
    await duck.run(
      `COPY (SELECT * FROM ${scores}) TO '${dir}/scored_pairs.parquet' (FORMAT parquet, COMPRESSION gzip)`,
    );
    await duck.run(
      `COPY (SELECT a, b, sources, CAST(a % 1000 AS INTEGER) AS shard FROM ${scores}) TO '${dir}/candidates.parquet' (FORMAT parquet, COMPRESSION gzip)`,
    );
    await duck.run(`CREATE TABLE links AS SELECT a, b FROM ${scores} WHERE p >= ${Number(threshold)}`);
    await duck.run(`COPY links TO '${dir}/links.parquet' (FORMAT parquet, COMPRESSION gzip)`);
    await duck.run(
      `COPY (SELECT rid, rid AS label FROM (SELECT a AS rid FROM links UNION SELECT b FROM links)) TO '${dir}/labels.parquet' (FORMAT parquet, COMPRESSION gzip)`,
    );
    const count = Number((await duck.runAndReadAll("SELECT count(*) FROM links")).getRows()[0]?.[0]);
    return {
      linksBytes: statSync(join(dir, "links.parquet")).size,
      labelsBytes: statSync(join(dir, "labels.parquet")).size,
      scoredPairsBytes: statSync(join(dir, "scored_pairs.parquet")).size,
      candidatePairsBytes: statSync(join(dir, "candidates.parquet")).size,
      links: count,
    };
  } finally {
    duck.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [
  ...throughputRows,
  [
    "repair at target",
    `${(repairSecondsAtTarget / 3600).toFixed(2)} h of Lambda`,
    `${(repairRows * scale).toExponential(2)} rows, scaled linearly (components stay the size measured here)`,
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
    `records: the columns each stage reads (${(recordsParquet / 1e9).toFixed(0)} GB), candidates x2 (${(candidatesBytes / 1e9).toFixed(0)} GB: Parquet measured here, scaled), scorer JSON x1, scored pairs Parquet x2, links x(2+4x${propagationSteps} steps), labels x(8x${propagationSteps}+1), repair rows; the staged pair shards (${(stagedPairBytes / 1e9).toFixed(0)} GB) and repair rows (${(stagedRepairBytes / 1e9).toFixed(0)} GB) copied once, in ${shardGroups(shardObjects)} groups of ${SHARDS_PER_GROUP} shards each`,
  ],
  [
    "scorer JSON / scored pairs Parquet",
    `${(scoresBytes / 1e9).toFixed(1)} / ${((scoredPairsBytes * scale) / 1e9).toFixed(1)} GB`,
    "this run's scores as the scorer wrote them, and as WriteScoredPairs rewrites them (gzip), scaled",
  ],
  [
    "links / labels Parquet",
    `${((linksBytes * scale) / 1e9).toFixed(1)} / ${((labelsBytes * scale) / 1e9).toFixed(1)} GB`,
    `${links} links of ${allPairs} pairs (p >= ${model.threshold}) here: ${linksBytes} B / ${labelsBytes} B Parquet (gzip), scaled`,
  ],
  ["Athena cost", `$${cost.athena.toFixed(2)}`, `$${PRICE.athenaPerTb}/TB scanned`],
  [
    "Lambda GB-s",
    lambdaGbSeconds.toExponential(2),
    "(pairs / scorer throughput + repair rows / repair throughput) x 1.769 GB",
  ],
  [
    "Lambda cost",
    `$${cost.lambda.toFixed(2)}`,
    `$${PRICE.lambdaGbS}/GB-s arm64 + $${PRICE.lambdaPerM}/M requests`,
  ],
  [
    "shard objects",
    shardObjects.toFixed(0),
    `one per ${RECORDS_PER_PAIR_SHARD} records (ASSUMED: one object per shard partition), ${((shardBytesPerPair * targetPairs) / shardObjects / 2 ** 20).toFixed(1)} MB each at ${shardBytesPerPair.toFixed(0)} bytes/pair measured`,
  ],
  [
    "state transitions",
    transitions.toExponential(2),
    `2 per child execution, 2 maps, batches of 4; ${propagationSteps} loop steps (ASSUMED; 14 measured at 10^7 records); 1 per group of shards copied`,
  ],
  ["Step Functions cost", `$${cost.stepFunctions.toFixed(2)}`, `$${PRICE.sfnPer1000}/1,000 transitions`],
  [
    "S3 requests cost",
    `$${cost.s3.toFixed(2)}`,
    `one GET + one PUT per shard object, one LIST per repair shard; $${PRICE.putPer1000}/1,000 PUT or LIST, $${PRICE.getPer1000}/1,000 GET`,
  ],
  [
    "subtotal: candidates to clusters",
    `$${sum(cost).toFixed(2)}`,
    "one full run, without the embedding stage",
  ],
  [
    "scoring wall time",
    `${(targetPairs / pairsPerSecond / 200 / 60).toFixed(1)} min`,
    "at MaxConcurrency 200",
  ],
  [
    "shard group copies",
    `${shardGroups(shardObjects) * 2} Athena queries`,
    `CopyPairShards and CopyRepairRows, one group of ${SHARDS_PER_GROUP} shards each, ${COPY_CONCURRENCY} at once (and ${shardGroups(recordShards)} CopyRecordShards with IVF); their wall time is NOT MEASURED (no AWS account): ~${Math.ceil(((shardGroups(shardObjects) / COPY_CONCURRENCY) * 2 * 5) / 60)} min if each took 5 s (ASSUMED)`,
  ],
  [
    "IVF assign throughput",
    `${assignPerSecond.toFixed(0)} records/s`,
    `1 record shard, ${assigned.rows} records, 2 probes, this process`,
  ],
  [
    "IVF search throughput",
    `${searchPerSecond.toFixed(0)} members/s`,
    `largest partition group here (${searched.partitions.length} partitions), ${largest.m} members, HNSW, k=10`,
  ],
  [
    "nearest-centroid distances",
    `${distancesPerSecond.toExponential(2)} /s`,
    "20,000 x 500 at 256 dims, usearch brute force",
  ],
  [
    "member object bytes/record",
    `${memberBytesPerRecord.toFixed(0)} B`,
    "per record, both probes: partition + rid + float32 vector as base64, twice",
  ],
  [
    "IVF centroids / record shards",
    `${centroids} / ${recordShards}`,
    `code defaults: ${target / centroids} records per centroid, ${RECORDS_PER_SHARD} per shard`,
  ],
  [
    "k-means (one Lambda, 10,240 MB)",
    `${(kMeansSeconds / 60).toFixed(1)} min`,
    `${kMeansSample} sample x ${centroids} centroids x ${kMeansIterations} iterations = ${(kMeansCpuSeconds / 60).toFixed(0)} min of one CPU, / ${CENTROIDS_VCPUS} vCPUs (ASSUMED linear)${kMeansSeconds > 900 ? "; OVER Lambda's 15 min: needs a smaller sample or a sharded k-means" : ""}`,
  ],
  [
    "IVF assign at the target",
    `${(assignSeconds / 3600).toFixed(1)} h of Lambda`,
    `records / assign throughput + records x ${centroids} centroids / distance rate`,
  ],
  [
    "IVF Lambda GB-s",
    ivfGbSeconds.toExponential(2),
    "k-means x 10.24 GB + (assign every record + search every member, x2 probes) x 1.769 GB",
  ],
  ["IVF Lambda cost", `$${ivfCost.lambda.toFixed(2)}`, "same prices"],
  [
    "IVF S3 objects written",
    ivfPuts.toExponential(2),
    `one member object per (assign batch of ${DEFAULT_LIMITS.maxItemsPerBatch} record shards, group of ${PARTITIONS_PER_GROUP} partitions): ${assignBatches} x ${groups}`,
  ],
  ["IVF S3 requests cost", `$${ivfCost.s3.toFixed(2)}`, "PUTs dominate"],
  [
    "IVF Step Functions cost",
    `$${ivfCost.stepFunctions.toFixed(2)}`,
    "assign batches of 4 + one child per partition group",
  ],
  [
    "IVF Athena cost",
    `$${ivfCost.athena.toFixed(2)}`,
    "WriteRecordShards reads the records' fields, KnnTop the hits (JSON, bytes measured here, scaled)",
  ],
  [
    "scoring + IVF wall time",
    `${((ivfSeconds.assign + ivfSeconds.search) / 200 / 60 + kMeansSeconds / 60 + targetPairs / pairsPerSecond / 200 / 60).toFixed(0)} min`,
    "Lambda steps at MaxConcurrency 200, k-means alone; Athena stages not included",
  ],
  ["TOTAL one full run", `$${fullTotal.toFixed(2)}`, "candidates to clusters + embedding stage"],
  [
    "daily change",
    `${(dailyChange * 100).toFixed(2)} %`,
    "ASSUMED share of records new or changed per day (--daily-change); not measured",
  ],
  [
    "pairs scored daily",
    changedPairs.toExponential(2),
    `pairs touching a changed record, pairs x (1 - (1 - change)^2), and ${UNCHANGED_PAIRS_PER_TOUCHING_PAIR} as many of two unchanged records not scored before (ASSUMED, bench/incremental-pairs.ts)`,
  ],
  [
    "daily affected share",
    `${(affected.records * 100).toFixed(2)} % of records`,
    `every ${every}th record changed here: it, the other side of its pairs, and their components (${(affected.links * 100).toFixed(2)} % of links, ${(affected.labels * 100).toFixed(2)} % of linked records, ${(affected.repairRows * 100).toFixed(2)} % of repair rows)`,
  ],
  [
    "daily Athena bytes scanned",
    `${(dailyAthenaBytes / 1e12).toFixed(3)} TB`,
    "records as a full run reads them (+ rid, changed x4), carried candidates x2, the changed pairs' candidates x3 and scorer JSON, scored pairs x6, previous components x2, affected links and labels per step, repair rows x2",
  ],
  [
    "daily Athena cost",
    `$${daily.athena.toFixed(2)}`,
    "keys and candidates over every record; only the affected components propagated",
  ],
  [
    "IVF incremental search throughput",
    `${incrementalMembersPerSecond.toFixed(0)} members/s`,
    `the same group, run ${nextRun}: ${changedRows.length} records (every ${every}th) assigned and searched for against its ${largest.m} members, brute force; ${incrementalHits.rows} hits`,
  ],
  [
    "daily IVF Lambda cost",
    `$${dailyIvf.lambda.toFixed(2)}`,
    `assign ${changedRecords.toExponential(1)} changed records (${(dailyIvfSeconds.assign / 60).toFixed(1)} min) + read every group and search for them (${(dailyIvfSeconds.search / 3600).toFixed(1)} h); no k-means`,
  ],
  [
    "daily IVF S3 requests cost",
    `$${dailyIvf.s3.toFixed(2)}`,
    `${dailyMemberObjects} member objects written (${dailyAssignBatches} assign batch${dailyAssignBatches === 1 ? "" : "es"} x ${groups} groups) and read, with ${reachedPartitions} of the full run's partition objects (not its ${memberObjects} member objects)`,
  ],
  [
    "daily IVF Step Functions + Athena",
    `$${(dailyIvf.stepFunctions + dailyIvf.athena).toFixed(2)}`,
    "one child per partition group; WriteRecordShards still reads every record's fields, KnnTop the changed records' hits",
  ],
  [
    "daily Lambda cost",
    `$${daily.lambda.toFixed(2)}`,
    "scoring changed pairs + repairing the affected components + the incremental IVF stage",
  ],
  [
    "TOTAL one daily incremental run",
    `$${dailyTotal.toFixed(2)}`,
    "keys and candidates over every record; scoring, clustering and the IVF stage only where records changed; members kept since the last full run",
  ],
  [
    "MinHash search bytes scanned",
    `${(minhashBytes / 1e12).toFixed(3)} TB`,
    `MinhashBuckets reads rid + minhash_buckets once and files them by part; ${minhashParts} parts (one per ${RECORDS_PER_MINHASH_PART.toExponential(0)} records, ASSUMED) read their bucket rows (${((minhash.bucketsBytes * scale) / 1e12).toFixed(3)} TB in all) and each rid + minhash_low of every record; the merge reads the kept neighbours (${minhash.keptPerRecordPart.toFixed(2)} per record per part here, ${((minhash.bestBytes * scale) / 1e12).toFixed(3)} TB). The three stages run here on this snapshot, Parquet sizes scaled linearly; a daily run the same`,
  ],
  [
    "MinHash search cost",
    `$${minhashCost.toFixed(2)}`,
    `$${PRICE.athenaPerTb}/TB + ${minhashTransitions} state transitions; no Lambda, no S3 objects of its own. Its running time at the target is NOT MEASURED (Athena's 30-minute DML limit; ~${((target * 32) / minhashParts).toExponential(1)} bucket rows joined per part)`,
  ],
  [
    "TOTAL one full run, MinHash search",
    `$${minhashFullTotal.toFixed(2)}`,
    "candidates to clusters + the MinHash query instead of the embedding stage",
  ],
  [
    "TOTAL one daily run, MinHash search",
    `$${minhashDailyTotal.toFixed(2)}`,
    "the daily run above without its IVF parts, with the MinHash query over every record",
  ],
];
console.log(formatTable(rows));
