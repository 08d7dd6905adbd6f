import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Model } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { BLOCKING_RULES, CANDIDATE_SOURCES } from "../dedupe/blocking.ts";
import { CandidateSet } from "../dedupe/candidate-set.ts";
import type { Clustering, ScoredPairs } from "../dedupe/cluster.ts";
import { hashedNgramEmbedder } from "../dedupe/embed.ts";
import { minhashLabel } from "../dedupe/minhash.ts";
import type { DedupeOutput } from "../dedupe/pipeline.ts";
import { StageTimer } from "../dedupe/stage-timer.ts";
import { DEFAULT_LIMITS, type MapLimits, tablePrefix } from "./definition.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { runLocalStateMachine } from "./local-state-machine.ts";
import { runBatchLocally } from "./local-worker.ts";
import { defaultMinhashParts, LOCAL_RECORDS_PER_MINHASH_PART } from "./minhash-parts.ts";
import { batchSearch, type RunSettings, runInput, writeSnapshot } from "./snapshot.ts";
import { TABLES, type TableName } from "./sql.ts";
import { ThreadPool } from "./thread-pool.ts";

/** Options of {@link runBatchDedupe}. */
export interface BatchDedupeOptions extends RunSettings {
  /** Working directory, laid out like the data bucket; emptied first. */
  dir: string;
  /** Worker threads scoring shards; 0 scores in this thread. Default 2. */
  threads?: number;
  limits?: MapLimits;
  run?: number;
  /**
   * Told a line as each step ends (the snapshot, each SQL stage, the worker batches at most once a
   * minute per mode): a run of hours at 10^7 records says where it is. Silent by default.
   */
  log?: (line: string) => void;
  /** DuckDB's memory limit (e.g. `8GB`), past which it spills to disk. Default DuckDbStages's 4GB. */
  memoryLimit?: string;
  /**
   * Update the last run in `dir` instead of starting afresh (the state machine's incremental mode):
   * a record whose sr_id and fields are unchanged keeps its rid, its partition members and the scores
   * of its pairs with other unchanged records; only new or changed records are embedded, searched
   * for and scored. Records gone from the catalog drop out. The last run must have used the same model.
   */
  incremental?: boolean;
}

/** Maps rids read back from the tables onto positions in the run's records, in place. */
function toPositions(rids: Uint32Array, ...columns: (Uint32Array | Int32Array)[]): void {
  const last = rids.length > 0 ? (rids[rids.length - 1] as number) : 0;
  const position = new Int32Array(last + 1).fill(-1);
  rids.forEach((rid, i) => {
    position[rid] = i;
  });
  for (const column of columns)
    column.forEach((rid, i) => {
      column[i] = rid >= 0 && rid <= last ? (position[rid] as number) : -1;
    });
}

/** Members of the largest partition: the lines of its member objects (the record shards' ones). */
function largestPartition(dir: string, run: number): number {
  const root = join(dir, tablePrefix("ivf_members"), `run=${run}`);
  if (!existsSync(root)) return 0;
  const members = new Map<number, number>();
  for (const group of readdirSync(root))
    for (const file of readdirSync(join(root, group)).filter((f) => f.startsWith("written=")))
      for (const match of readFileSync(join(root, group, file), "utf8").matchAll(/^\{"p":(\d+),/gm)) {
        const partition = Number(match[1]);
        members.set(partition, (members.get(partition) ?? 0) + 1);
      }
  return Math.max(0, ...members.values());
}

/** The run whose prefix holds a run's IVF partition members (itself, or the full run an incremental one updates). */
function membersRun(dir: string, run: number): number {
  const file = join(dir, tablePrefix("ivf_centroids"), `run=${run}`, "centroids.json");
  if (!existsSync(file)) return run;
  return (JSON.parse(readFileSync(file, "utf8")) as { membersRun?: number }).membersRun ?? run;
}

/** What the local batch engine adds to a run's output (it keeps no prepared records in this process). */
export interface BatchDedupeResult extends DedupeOutput {
  /** The run number (1 for a fresh run; the last run's + 1 for an incremental one). */
  run: number;
  /** Records new or changed since the last run (every record in a fresh run). */
  changedRecords: number;
  /**
   * Records whose component was clustered again: in an incremental run the affected ones still in
   * the catalog (the changed records, their candidates and the members of their previous
   * components, and those of the deleted records'); every record in a fresh run.
   */
  reclusteredRecords: number;
  propagationSteps: number;
  batches: number;
  /**
   * The embedding stage's neighbours: `k` ids per record (-1 = none), nearest first; in an
   * incremental run only the changed records' (the only ones searched for).
   */
  knn: Int32Array;
  /** The IVF settings the run used. */
  ivf: { centroids: number; probes: number; recordShards: number; sampleSize: number };
  /** Members of the largest IVF partition (records assigned to it). */
  largestPartition: number;
  /** Seconds the worker spent per mode (summed over threads). */
  workerSeconds: Record<string, number>;
  /** The most worker calls that ran at one time (at most two per thread, by default). */
  mostConcurrentCalls: number;
}

/**
 * The maps' limits on this machine: two worker calls at once per thread (each thread has its next call
 * waiting). A Lambda call runs as soon as it starts; a local call waits in the pool's queue, and a wait
 * past the task's timeout (900 s, the Lambda's) retries the batch while the first call still runs: with
 * the AWS limit of 200 at once, a 10M run's scoring so re-scored its shards (session 58). Here no call
 * waits longer than one call.
 */
export function localLimits(threads: number): MapLimits {
  return { ...DEFAULT_LIMITS, maxConcurrency: 2 * Math.max(1, threads) };
}

/**
 * The local engine of the batch dedupe (`npm run dedupe -- --engine duckdb`): the same stages as the
 * state machine in AWS, run by that definition in aws-local-stepfunctions, with DuckDB for Athena and
 * worker threads for the worker Lambda (IVF embedding stage, scorer, repair). Prepare (blocking keys,
 * MinHash rows) runs here in TypeScript, chunk by chunk, and is handed over as Parquet, as the catalog
 * snapshot would be in S3.
 * With `exactKnn` the embedding stage uses one record shard, one centroid and brute force: the exact
 * k nearest neighbours, as the in-memory engine's `exactKnn`.
 */
export async function runBatchDedupe(
  catalog: Iterable<SoundRecording>,
  model: Model,
  options: BatchDedupeOptions,
): Promise<BatchDedupeResult> {
  const { dir, k = 10, threads = 2 } = options;
  const incremental = options.incremental === true;
  const timer = new StageTimer();
  if (!incremental) rmSync(dir, { recursive: true, force: true });
  else if (!existsSync(join(dir, "stages.duckdb")))
    throw new Error(
      `${dir} holds no earlier run to update (no stages.duckdb): run without incremental first`,
    );
  // What an update must share with the run it updates, each kept in a file of the work directory;
  // `absent` is what a run made before that file was kept counts as (undefined: accepted as it is).
  const kept = [
    {
      // Carried scores are the last run's model's: an update with another model would mix two models.
      file: "model.sha256",
      value: createHash("sha256").update(JSON.stringify(model)).digest("hex"),
      absent: undefined,
      refusal: `the model differs from the one of the run in ${dir}: run without incremental`,
    },
    {
      // An update searches as the run it updates did: MinHash reads no IVF partitions, IVF needs them.
      file: "search",
      value: batchSearch(options),
      absent: "ivf",
      refusal: `the run in ${dir} found its neighbours otherwise than --search asks: run without incremental`,
    },
    {
      // The run's source masks and the unchanged records' keys mean its blocking rules, in its order.
      file: "sources.json",
      value: JSON.stringify(CANDIDATE_SOURCES),
      absent: "",
      refusal: `the run in ${dir} was proposed by other blocking rules than this version's (${CANDIDATE_SOURCES.join(", ")}): run without incremental`,
    },
  ];
  if (incremental)
    for (const { file, value, absent, refusal } of kept) {
      const path = join(dir, file);
      if ((existsSync(path) ? readFileSync(path, "utf8") : (absent ?? value)) !== value)
        throw new Error(refusal);
    }
  mkdirSync(dir, { recursive: true });
  for (const { file, value } of kept) writeFileSync(join(dir, file), value);
  const stages = await DuckDbStages.open(dir, { memoryLimit: options.memoryLimit });
  const log = options.log ?? (() => {});
  stages.onStage = (name, seconds) => log(`sql ${name}: ${seconds.toFixed(1)} s`);
  const pool = threads > 0 ? new ThreadPool(threads, dir, JSON.stringify(model)) : undefined;
  try {
    if (incremental) await checkCarried(stages, await dropUnfinishedRuns(stages));
    // The catalog is read once, as the snapshot is written: its changed records (all of a fresh
    // run) are prepared chunk by chunk; the summary keeps that time apart as `prepare`.
    const snapshotStarted = performance.now();
    const snapshot = await writeSnapshot(stages, catalog, join(dir, "input"), {
      run: options.run ?? 1,
      incremental,
      writer: pool?.snapshotWriter(),
    });
    const { run } = snapshot;
    await stages.loadParquet("records", run, snapshot.files);
    // Loaded, they are DuckDB's: the files would only double their bytes on disk (5.3 GB at 10^7 records).
    for (const file of snapshot.files) rmSync(file);
    // Positions are rid order: the snapshot's rids and sr_ids, read back.
    const [rids] = await stages.typedColumns(
      "SELECT rid FROM records WHERE run = ? ORDER BY rid",
      [run],
      [Uint32Array],
    );
    const [srIds] = (await stages.columns("SELECT sr_id FROM records WHERE run = ? ORDER BY rid", [run])) as [
      string[],
    ];
    const n = rids.length;
    timer.seconds.prepare = snapshot.prepareSeconds;
    timer.seconds.snapshot = (performance.now() - snapshotStarted) / 1000 - snapshot.prepareSeconds;
    log(
      `snapshot: ${n} records, prepare ${snapshot.prepareSeconds.toFixed(1)} s, ` +
        `write and load ${timer.seconds.snapshot.toFixed(1)} s`,
    );
    const embedder = hashedNgramEmbedder();
    // This engine's DuckDB has 4 GB: its MinHash parts are smaller than Athena's by default.
    const input = runInput(snapshot, model, {
      ...options,
      minhashParts: options.minhashParts ?? defaultMinhashParts(n, LOCAL_RECORDS_PER_MINHASH_PART),
    });
    const ivf = {
      centroids: input.centroids,
      probes: input.probes,
      recordShards: input.recordShards,
      sampleSize: input.sampleSize,
    };
    const local = await timer.timeAsync("state machine", () =>
      runLocalStateMachine(input, {
        stages,
        limits: options.limits ?? localLimits(threads),
        log,
        invoke: async (event) => (pool ? pool.run(event) : runBatchLocally(dir, model, event)),
      }),
    );
    Object.assign(
      timer.seconds,
      Object.fromEntries(Object.entries(stages.seconds).map(([s, v]) => [`  sql ${s}`, v])),
    );

    const readBack = performance.now();
    const candidates = new CandidateSet(n);
    // Streamed into typed arrays: JS arrays of a 10^6-record run's ~1.7 × 10^7 pairs would not fit
    // the default heap beside the prepared catalog. An incremental run's candidates table holds only
    // the pairs it scored; its scored pairs are every pair, carried ones too, with their sources.
    const [pa, pb, ps] = await stages.typedColumns(
      `SELECT a, b, sources FROM ${incremental ? "scored_pairs" : "candidates"} WHERE run = ? ORDER BY a, b`,
      [run],
      [Uint32Array, Uint32Array, Int32Array],
    );
    toPositions(rids, pa, pb);
    CANDIDATE_SOURCES.forEach((name, bit) => {
      candidates.add(name, pairsOfSource(pa, pb, ps, 1 << bit));
    });
    const kk = input.k;
    const knnIds = new Int32Array(n * kk).fill(-1);
    const [ka, kb] = await stages.typedColumns(
      "SELECT a, b FROM knn_pairs WHERE run = ? ORDER BY a, place",
      [run],
      [Uint32Array, Int32Array],
    );
    toPositions(rids, ka, kb);
    const filled = new Int32Array(n);
    ka.forEach((a, i) => {
      knnIds[a * kk + (filled[a] as number)] = kb[i] as number;
      filled[a] = (filled[a] as number) + 1;
    });
    const [sa, sb, sp] = await stages.typedColumns(
      "SELECT a, b, p FROM scored_pairs WHERE run = ? ORDER BY a, b",
      [run],
      [Uint32Array, Uint32Array, Float32Array],
    );
    toPositions(rids, sa, sb);
    const scored: ScoredPairs = { a: sa, b: sb, p: sp };
    const [ridColumn, clusterColumn] = await stages.typedColumns(
      "SELECT rid, cluster FROM clusters WHERE run = ? ORDER BY rid",
      [run],
      [Uint32Array, Uint32Array],
    );
    toPositions(rids, ridColumn);
    const components = await stages.query(
      "SELECT count(DISTINCT component) AS components FROM components WHERE run = ?",
      [run],
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
      ...(await repairReport(stages, run, clusterOf, rids)),
    };
    const reclustered = incremental
      ? Number(
          (
            await stages.query(
              "SELECT count(*) AS n FROM affected a JOIN records r ON r.rid = a.rid AND r.run = a.run WHERE a.run = ?",
              [run],
            )
          )[0]?.n,
        )
      : n;
    const oversized = await oversizedBlocks(stages, run, input.maxBlock);
    timer.seconds["read back"] = (performance.now() - readBack) / 1000;
    return {
      srIds,
      candidates,
      scored,
      clustering,
      threshold: model.threshold,
      stageSeconds: timer.seconds,
      oversizedBlocks: oversized,
      embedder:
        input.search === "minhash"
          ? minhashLabel(k, ` in SQL (${input.minhashParts} part${input.minhashParts === 1 ? "" : "s"})`)
          : `${embedder.name}, IVF ${ivf.centroids} centroids x ${ivf.probes} probes, ${input.exactKnn ? "exact" : "usearch HNSW"} per partition, k=${k}`,
      run,
      changedRecords: snapshot.changed,
      reclusteredRecords: reclustered,
      propagationSteps: local.propagationSteps,
      batches: local.batches,
      knn: knnIds,
      largestPartition: largestPartition(dir, membersRun(dir, run)),
      ivf,
      workerSeconds: local.workerSeconds,
      mostConcurrentCalls: local.mostConcurrentCalls,
    };
  } finally {
    await pool?.close();
    stages.close();
  }
}

/**
 * The last run that finished (its clusters written, the last SQL stage), once every row and file of
 * a later run that stopped part way (out of disk or memory) is gone: an update builds on a finished
 * run and takes the stopped run's number afresh, instead of carrying the scores and clusters that
 * the stopped run never wrote.
 */
async function dropUnfinishedRuns(stages: DuckDbStages): Promise<number> {
  const finished = Number((await stages.query("SELECT max(run) AS run FROM clusters"))[0]?.run ?? Number.NaN);
  if (!Number.isInteger(finished))
    throw new Error(`${stages.dir} holds no finished run to update: run without incremental`);
  for (const table of Object.keys(TABLES) as TableName[]) {
    await stages.query(`DELETE FROM ${table} WHERE run > ${finished}`);
    const files = stages.tableDir(table);
    if (!existsSync(files)) continue;
    for (const entry of readdirSync(files))
      if (Number(/^run=(\d+)$/.exec(entry)?.[1] ?? 0) > finished)
        rmSync(join(files, entry), { recursive: true });
  }
  return finished;
}

/**
 * An update carries the last run's scored pairs and components; a run made before the engine wrote
 * them (session 15) has scores and links without them, and would lose its unchanged pairs and split
 * its untouched clusters; one made before session 48 has tables without the MinHash columns. Refused,
 * with what to do.
 */
async function checkCarried(stages: DuckDbStages, previousRun: number): Promise<void> {
  const count = async (table: string) =>
    Number((await stages.query(`SELECT count(*) AS n FROM ${table} WHERE run = ?`, [previousRun]))[0]?.n);
  // Session 48 added the records' MinHash and the neighbours' places: older tables lack the columns.
  const [columns] = await stages.query(
    `SELECT count(*) AS n FROM information_schema.columns
     WHERE (table_name = 'records' AND column_name = 'minhash_buckets') OR (table_name = 'knn_pairs' AND column_name = 'place')`,
  );
  const missing =
    Number(columns?.n) < 2 ||
    ((await count("scores")) > 0 && (await count("scored_pairs")) === 0) ||
    ((await count("links")) > 0 && (await count("components")) === 0);
  if (missing)
    throw new Error(
      `the run in ${stages.dir} was made by an earlier version (no scored pairs, components or MinHash columns to carry): run without incremental`,
    );
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
async function repairReport(
  stages: DuckDbStages,
  run: number,
  clusterOf: Int32Array,
  rids: Uint32Array,
): Promise<RepairReport> {
  // Column-wise, as the scores are: at 1M there are ~10^5 links, too many row objects to spare.
  const [kind, ridA, ridB, p, reason, split, scored] = (await stages.columns(
    "SELECT kind, CAST(a AS INTEGER), CAST(b AS INTEGER), p, reason, split, scored FROM repaired WHERE run = ? AND kind <> 'cluster' ORDER BY kind, a, b, rid",
    [run],
  )) as [string[], number[], number[], number[], string[], number[], number[]];
  const a = Int32Array.from(ridA ?? []);
  const b = Int32Array.from(ridB ?? []);
  toPositions(rids, a, b);
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
  const split1 = Int32Array.from((splitRids ?? []) as number[]);
  toPositions(rids, split1);
  for (const i of split1) repaired.add(clusterOf[i] as number);
  return report;
}

/**
 * Per rule, the run's blocks over `maxBlock` records and the records in them, counted as applyRule
 * counts them: a one-sided rule's block only when a probe is filed under it.
 */
async function oversizedBlocks(
  stages: DuckDbStages,
  run: number,
  maxBlock: number,
): Promise<DedupeOutput["oversizedBlocks"]> {
  const rows = await stages.query(
    `SELECT bit, count(*) AS blocks, sum(n) AS records FROM (
      SELECT bit, block, count(*) AS n FROM record_keys WHERE run = ? GROUP BY bit, block HAVING bool_or(probe)
    ) big WHERE n > ? GROUP BY bit`,
    [run, maxBlock],
  );
  return Object.fromEntries(
    BLOCKING_RULES.map((rule, i) => {
      const row = rows.find((r) => Number(r.bit) === 2 ** i);
      return [rule.name, { blocks: Number(row?.blocks ?? 0), records: Number(row?.records ?? 0) }];
    }),
  );
}
