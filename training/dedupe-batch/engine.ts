import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Model } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { BLOCKING_RULES, blockKeys, KNN_SOURCE } from "../dedupe/blocking.ts";
import { CandidateSet } from "../dedupe/candidate-set.ts";
import { CANNOT_LINK_BELOW, type Clustering, type ScoredPairs } from "../dedupe/cluster.ts";
import { hashedNgramEmbedder } from "../dedupe/embed.ts";
import type { DedupeKeys } from "../dedupe/keys.ts";
import { type DedupeResult, prepareStage } from "../dedupe/pipeline.ts";
import { StageTimer } from "../dedupe/stage-timer.ts";
import { DEFAULT_LIMITS, type MapLimits, type RunInput, tablePrefix } from "./definition.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { centroidCount, RECORDS_PER_CENTROID, sampleSize } from "./ivf.ts";
import { runLocalStateMachine } from "./local-state-machine.ts";
import { runBatchLocally } from "./local-worker.ts";
import { RECORD_FIELDS } from "./sql.ts";
import { ThreadPool } from "./thread-pool.ts";

/** Options of {@link runBatchDedupe}. */
export interface BatchDedupeOptions {
  /** Working directory, laid out like the data bucket; emptied first. */
  dir: string;
  k?: number;
  maxBlock?: number;
  exactKnn?: boolean;
  cannotLinkBelow?: number;
  /**
   * Shards of the candidate pairs and of the components. Default: one per
   * {@link RECORDS_PER_PAIR_SHARD} records, at least 16.
   */
  shards?: number;
  /** Worker threads scoring shards; 0 scores in this thread. Default 2. */
  threads?: number;
  limits?: MapLimits;
  run?: number;
  /** IVF: records per centroid (centroids = records / this). Default {@link RECORDS_PER_CENTROID}. */
  recordsPerCentroid?: number;
  /** IVF: search inside each partition by brute force instead of HNSW (the partitioning's own recall). */
  exactInPartitions?: boolean;
  /** IVF: nearest centroids each record is assigned to. Default 2. */
  probes?: number;
  /** Records per shard of the embedding stage. Default {@link RECORDS_PER_SHARD}. */
  recordsPerShard?: number;
}

/** Records per shard the embedding stage reads by default (document frequencies are counted per shard). */
export const RECORDS_PER_SHARD = 50_000;

/**
 * Records per candidate-pair shard by default. A shard carries both records' fields on every pair
 * (about 550 bytes as JSON lines) and the sample generator's catalogs give 9-17 pairs per record, so
 * 10,000 records make shards of about 50-95 MB: one string for a worker to read (V8 caps a string at
 * 512 MB, which 16 shards of a 1M-record catalog passed) and one object a 1,769 MB Lambda parses.
 */
export const RECORDS_PER_PAIR_SHARD = 10_000;

/** Members of the largest partition: the lines of its member objects. */
function largestPartition(dir: string, run: number): number {
  const root = join(dir, tablePrefix("ivf_members"), `run=${run}`);
  if (!existsSync(root)) return 0;
  const members = new Map<number, number>();
  for (const group of readdirSync(root))
    for (const file of readdirSync(join(root, group)))
      for (const match of readFileSync(join(root, group, file), "utf8").matchAll(/^\{"p":(\d+),/gm)) {
        const partition = Number(match[1]);
        members.set(partition, (members.get(partition) ?? 0) + 1);
      }
  return Math.max(0, ...members.values());
}

/** What the local batch engine adds to a DedupeResult. */
export interface BatchDedupeResult extends DedupeResult {
  propagationSteps: number;
  batches: number;
  /** The embedding stage's neighbours: `k` ids per record (-1 = none), nearest first. */
  knn: Int32Array;
  /** The IVF settings the run used. */
  ivf: { centroids: number; probes: number; recordShards: number; sampleSize: number };
  /** Members of the largest IVF partition (records assigned to it). */
  largestPartition: number;
  /** Seconds the worker spent per mode (summed over threads). */
  workerSeconds: Record<string, number>;
}

/**
 * The local engine of the batch dedupe (`npm run dedupe -- --engine duckdb`): the same stages as the
 * state machine in AWS, run by that definition in aws-local-stepfunctions, with DuckDB for Athena and
 * worker threads for the worker Lambda (IVF embedding stage, scorer, repair). Prepare (blocking keys)
 * runs here in TypeScript and is handed over as Parquet, as the catalog snapshot would be in S3.
 * With `exactKnn` the embedding stage uses one record shard, one centroid and brute force: the exact
 * k nearest neighbours, as the in-memory engine's `exactKnn`.
 */
export async function runBatchDedupe(
  records: readonly SoundRecording[],
  model: Model,
  options: BatchDedupeOptions,
): Promise<BatchDedupeResult> {
  const { dir, k = 10, maxBlock = 50, cannotLinkBelow = CANNOT_LINK_BELOW, threads = 2, run = 1 } = options;
  const shards = options.shards ?? Math.max(16, Math.ceil(records.length / RECORDS_PER_PAIR_SHARD));
  const timer = new StageTimer();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "input"), { recursive: true });
  const n = records.length;

  const { prepared, keys } = await timer.timeAsync("prepare", () => prepareStage(records));
  const embedder = hashedNgramEmbedder();
  const exact = options.exactKnn === true;
  const centroids = exact ? 1 : centroidCount(n, options.recordsPerCentroid ?? RECORDS_PER_CENTROID);
  const ivf = {
    centroids,
    probes: exact ? 1 : (options.probes ?? 2),
    recordShards: exact ? 1 : Math.max(1, Math.ceil(n / (options.recordsPerShard ?? RECORDS_PER_SHARD))),
    sampleSize: sampleSize(centroids),
  };

  const stages = await DuckDbStages.open(dir);
  const pool = threads > 0 ? new ThreadPool(threads, dir, JSON.stringify(model)) : undefined;
  try {
    await timer.timeAsync("snapshot", async () => {
      // Written in chunks: one string of a 10^6-record catalog's lines would pass V8's string limit.
      const file = openSync(join(dir, "input", "records.jsonl"), "w");
      let lines: string[] = [];
      records.forEach((r, rid) => {
        const row: Record<string, unknown> = { rid };
        for (const [name] of RECORD_FIELDS)
          row[name] = (r as unknown as Record<string, unknown>)[name] ?? null;
        row.block_keys = blockKeys(keys[rid] as DedupeKeys);
        row.changed = true;
        lines.push(`${JSON.stringify(row)}\n`);
        if (lines.length === 50_000 || rid === records.length - 1) {
          writeSync(file, lines.join(""));
          lines = [];
        }
      });
      closeSync(file);
      await stages.toParquet(
        join(dir, "input", "records.jsonl"),
        "records",
        join(dir, "input", "records.parquet"),
      );
      await stages.loadParquet("records", run, join(dir, "input", "records.parquet"));
    });
    // The blocking keys now live in the snapshot; emptied so that 10^6 key objects are not held
    // through the stages and the read-back.
    keys.length = 0;
    const input: RunInput = {
      run,
      threshold: model.threshold,
      maxBlock,
      shards,
      incremental: 0,
      previousRun: 0,
      cannotLinkBelow,
      k: n < 2 ? 0 : Math.min(k, n - 1),
      ...ivf,
      exactKnn: exact || options.exactInPartitions ? 1 : 0,
    };
    const local = await timer.timeAsync("state machine", () =>
      runLocalStateMachine(input, {
        stages,
        limits: options.limits ?? DEFAULT_LIMITS,
        invoke: async (event) => (pool ? pool.run(event) : runBatchLocally(dir, model, event)),
      }),
    );
    Object.assign(
      timer.seconds,
      Object.fromEntries(Object.entries(stages.seconds).map(([s, v]) => [`  sql ${s}`, v])),
    );

    const candidates = new CandidateSet(n);
    const names = [...BLOCKING_RULES.map((r) => r.name), KNN_SOURCE];
    // Streamed into typed arrays: JS arrays of a 10^6-record run's ~1.7 × 10^7 pairs would not fit
    // the default heap beside the prepared catalog.
    const [pa, pb, ps] = await stages.typedColumns(
      "SELECT a, b, sources FROM candidates WHERE run = ? ORDER BY a, b",
      [run],
      [Uint32Array, Uint32Array, Int32Array],
    );
    names.forEach((name, bit) => {
      candidates.add(name, pairsOfSource(pa, pb, ps, 1 << bit));
    });
    const kk = input.k;
    const knnIds = new Int32Array(n * kk).fill(-1);
    const [ka, kb] = await stages.typedColumns(
      `SELECT a, b FROM (SELECT a, b, row_number() OVER (PARTITION BY a ORDER BY d, b) AS place
       FROM (SELECT a, b, min(d) AS d FROM knn_hits WHERE run = ? GROUP BY a, b)) WHERE place <= ? ORDER BY a, place`,
      [run, kk],
      [Uint32Array, Int32Array],
    );
    const filled = new Int32Array(n);
    ka.forEach((a, i) => {
      knnIds[a * kk + (filled[a] as number)] = kb[i] as number;
      filled[a] = (filled[a] as number) + 1;
    });
    const [sa, sb, sp] = await stages.typedColumns(
      "SELECT a, b, p FROM scores WHERE run = ? ORDER BY a, b",
      [run],
      [Uint32Array, Uint32Array, Float32Array],
    );
    const scored: ScoredPairs = { a: sa, b: sb, p: sp };
    const [ridColumn, clusterColumn] = await stages.typedColumns(
      "SELECT rid, cluster FROM clusters WHERE run = ? ORDER BY rid",
      [run],
      [Uint32Array, Uint32Array],
    );
    const components = await stages.query(
      `SELECT count(DISTINCT label) AS components FROM labels WHERE run = ? AND iter = (SELECT max(iter) FROM labels WHERE run = ?)`,
      [run, run],
    );
    const dense = new Map<number, number>();
    const clusterOf = new Int32Array(n);
    ridColumn.forEach((rid, i) => {
      const c = clusterColumn[i] as number;
      if (!dense.has(c)) dense.set(c, dense.size);
      clusterOf[rid] = dense.get(c) as number;
    });
    const clustering: Clustering = {
      clusterOf,
      clusterCount: dense.size,
      plainComponents: Number(components[0]?.components ?? 0),
      ...(await repairReport(stages, run, clusterOf)),
    };
    return {
      srIds: records.map((r) => r.sr_id),
      prepared,
      candidates,
      scored,
      clustering,
      threshold: model.threshold,
      stageSeconds: timer.seconds,
      skippedBlocks: {},
      embedder: `${embedder.name}, IVF ${ivf.centroids} centroids x ${ivf.probes} probes, ${exact || options.exactInPartitions ? "exact" : "usearch HNSW"} per partition, k=${k}`,
      propagationSteps: local.propagationSteps,
      batches: local.batches,
      knn: knnIds,
      largestPartition: largestPartition(dir, run),
      ivf,
      workerSeconds: local.workerSeconds,
    };
  } finally {
    await pool?.close();
    stages.close();
  }
}

/** The pairs [a, b, ...] whose source mask has `bit` set. */
function pairsOfSource(a: Uint32Array, b: Uint32Array, sources: Int32Array, bit: number): Uint32Array {
  let count = 0;
  for (let i = 0; i < sources.length; i++) if ((sources[i] as number) & bit) count++;
  const pairs = new Uint32Array(2 * count);
  let m = 0;
  for (let i = 0; i < sources.length; i++)
    if ((sources[i] as number) & bit) {
      pairs[m++] = a[i] as number;
      pairs[m++] = b[i] as number;
    }
  return pairs;
}

type RepairReport = Pick<Clustering, "componentsSplit" | "repairScored" | "refused" | "links" | "repaired">;

/** What the repair workers wrote beside the clusters: splits, extra scoring, links and refused links. */
async function repairReport(stages: DuckDbStages, run: number, clusterOf: Int32Array): Promise<RepairReport> {
  // Column-wise, as the scores are: at 1M there are ~10^5 links, too many row objects to spare.
  const [kind, a, b, p, reason, split, scored] = (await stages.columns(
    "SELECT kind, CAST(a AS INTEGER), CAST(b AS INTEGER), p, reason, split, scored FROM repaired WHERE run = ? AND kind <> 'cluster' ORDER BY kind, a, b, rid",
    [run],
  )) as [string[], number[], number[], number[], string[], number[], number[]];
  const repaired = new Set<number>();
  const report: RepairReport = { componentsSplit: 0, repairScored: 0, refused: [], links: [], repaired };
  kind.forEach((k, i) => {
    const link = { a: a[i] as number, b: b[i] as number, p: p[i] as number };
    if (k === "link") report.links.push(link);
    else if (k === "refused") report.refused.push({ ...link, reason: reason[i] as string });
    else if (k === "component") {
      report.repairScored += scored[i] as number;
      report.componentsSplit += split[i] as number;
    }
  });
  const [splitRids] = await stages.columns(
    "SELECT CAST(rid AS INTEGER) FROM repaired WHERE run = ? AND kind = 'cluster' AND split = 1",
    [run],
  );
  for (const rid of (splitRids ?? []) as number[]) repaired.add(clusterOf[rid] as number);
  return report;
}
