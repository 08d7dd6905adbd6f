import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Model } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { type NeighbourSearch, searchesMinhash } from "../dedupe/candidate-stage.ts";
import { CANNOT_LINK_BELOW } from "../dedupe/cluster.ts";
import type { RunInput } from "./definition.ts";
import { type DuckDbStages, jsonColumns } from "./duckdb-stages.ts";
import { centroidCount, RECORDS_PER_CENTROID, sampleSize } from "./ivf.ts";
import { defaultMinhashParts } from "./minhash-parts.ts";
import { type SnapshotChunk, snapshotFields, writeSnapshotChunk } from "./snapshot-chunk.ts";
import { MAX_SHARDS, RECORD_FIELDS, TABLES } from "./sql.ts";

/**
 * The catalog snapshot a batch run starts from (the `records` table: rid, raw fields, blocking keys,
 * changed), and the run's input: shared by the local engine (./engine.ts) and by `npm run
 * dedupe:start`, which puts both in the data bucket for the state machine in AWS.
 */

/** Records per shard the embedding stage reads by default (document frequencies are counted per shard). */
export const RECORDS_PER_SHARD = 50_000;

/**
 * Records per candidate-pair shard by default. A shard carries both records' fields on every pair
 * and the sample generator's catalogs give 7-17 pairs per record, so 10,000 records make shards of
 * 70,000-170,000 rows: about 5-10 MB of ZSTD Parquet (65 bytes a pair at 1M; 50-95 MB as the JSON
 * lines they were until session 52), whose rows a 1,769 MB Lambda holds at once.
 */
export const RECORDS_PER_PAIR_SHARD = 10_000;

/** How this run's records relate to the last run's (incremental), or a fresh start. */
export interface RunPlan {
  run: number;
  /** The state machine's incremental mode: the last run (`previousRun`) is updated. */
  incremental: boolean;
  previousRun: number;
  /** The catalog's records. */
  records: number;
  /** Records new or changed since the last run (every record of a fresh run). */
  changed: number;
}

/**
 * Changed records (every record of a fresh run) whose blocking keys and MinHash rows the snapshot
 * computes at a time: only the raw records, prepared forms and keys of the chunks in flight are
 * held, never a whole catalog's (their 2.2 GB at 10^6 records made the peak of a local run). An
 * unchanged record's keys are the last snapshot's.
 */
const PREPARE_CHUNK = 10_000;

/**
 * Rids per file of the snapshot, each sorted by itself: one sort of a 10^7-record snapshot's rows
 * (fields, blocking keys, MinHash rows) ran a 12 GB DuckDB out of memory in an update; a tenth of
 * them at a time sorts in a tenth of the memory.
 */
export const RIDS_PER_SNAPSHOT_FILE = 1_000_000;

/**
 * Where the snapshot's chunks are prepared and written ({@link writeSnapshotChunk}): in this thread
 * by default, or by `write` on worker threads, `parallel` chunks at a time (the local engine's pool).
 */
export interface ChunkWriter {
  write(chunk: SnapshotChunk): Promise<void>;
  parallel: number;
}

const IN_THIS_THREAD: ChunkWriter = { write: async (chunk) => writeSnapshotChunk(chunk), parallel: 1 };

/** A file written line by line in chunks: one string of a 10^6-record catalog's lines would pass V8's string limit. */
function lineFile(path: string) {
  const file = openSync(path, "w");
  let chunk: string[] = [];
  const flush = () => {
    writeSync(file, chunk.join(""));
    chunk = [];
  };
  return {
    write(line: string): void {
      chunk.push(`${line}\n`);
      if (chunk.length === 50_000) flush();
    },
    close(): void {
      flush();
      closeSync(file);
    },
  };
}

/** The snapshot file written by {@link writeSnapshot}, the run it plans, and the seconds it took to read the catalog and prepare the changed records. */
export interface Snapshot extends RunPlan {
  /** The Parquet files, in rid order: file k holds the rids from k · ridsPerFile up to the next file's. */
  files: string[];
  prepareSeconds: number;
}

/** The last run whose snapshot `stages` holds, the one an incremental run updates. */
export async function lastRunNumber(stages: DuckDbStages): Promise<number> {
  const [last] = await stages.query("SELECT max(run) AS run FROM records");
  const run = Number(last?.run ?? Number.NaN);
  if (!Number.isInteger(run)) throw new Error(`no previous run in ${stages.dir} to update`);
  return run;
}

/**
 * The chunks of a snapshot's changed records, handed to `writer` as they fill, each to its own file of
 * JSON lines, at most two a thread in flight.
 */
function changedChunks(dir: string, writer: ChunkWriter, chunkSize: number) {
  const files: ChunkFile[] = [];
  const inFlight = new Set<Promise<void>>();
  let chunk: SnapshotChunk["records"] = [];
  const flush = async () => {
    const file = join(dir, `changed-${files.length}.jsonl`);
    files.push({ file, first: chunk[0]?.rid ?? 0, last: chunk.at(-1)?.rid ?? 0 });
    const task = writer.write({ file, records: chunk });
    chunk = [];
    inFlight.add(task);
    task.then(() => inFlight.delete(task)).catch(() => {});
    // Two chunks a thread: each thread has its next one waiting, and the reader stays that far ahead.
    if (inFlight.size >= 2 * writer.parallel) await Promise.race(inFlight);
  };
  return {
    /** Adds a record; records come in rising rid order, so each file holds one range of rids. */
    async add(record: SoundRecording, rid: number): Promise<void> {
      chunk.push({ record, rid });
      if (chunk.length === chunkSize) await flush();
    },
    /** The files written, once all are: at least one, as read_json needs a file to read. */
    async finish(): Promise<ChunkFile[]> {
      if (chunk.length > 0) await flush();
      await Promise.all(inFlight);
      if (files.length === 0) {
        const file = join(dir, "changed-0.jsonl");
        writeFileSync(file, "");
        files.push({ file, first: 0, last: 0 });
      }
      return files;
    },
  };
}

/** A file of changed records' snapshot rows, and the first and last rid it holds. */
interface ChunkFile {
  file: string;
  first: number;
  last: number;
}

/** The snapshot fields as a changed record is read back from the plan: as the catalog file gives them. */
const recordFields = RECORD_FIELDS.map(([name, type]) =>
  type === "string" ? `c.${name}` : `CAST(c.${name} AS DOUBLE) AS ${name}`,
).join(", ");

/**
 * An update's plan, made by DuckDB against the last run's snapshot (no record or sr_id is held here,
 * so it scales past what a map in this process could hold): the catalog is written as JSON lines in
 * catalog order (`catalog.jsonl` in `dir`, which the caller reads the changed records from and then
 * removes), joined on sr_id with the last run's records, and the temporary table `snapshot_plan`
 * gives each line (`seq`) its rid (the last run's, or the next free ones in catalog order) and
 * whether any snapshot field differs (null and "" alike). The plan holds a record's line, rids and
 * change, not its fields: it stays in DuckDB's memory while the snapshot is sorted (1.1 GB at 10^7
 * records, against 2.9 GB with the fields).
 */
export async function planUpdate(stages: DuckDbStages, catalog: Iterable<SoundRecording>, dir: string) {
  const previousRun = await lastRunNumber(stages);
  const catalogPath = join(dir, "catalog.jsonl");
  const lines = lineFile(catalogPath);
  let records = 0;
  try {
    for (const record of catalog) lines.write(JSON.stringify({ seq: records++, ...snapshotFields(record) }));
  } finally {
    lines.close();
  }
  const same = RECORD_FIELDS.map(
    ([name]) => `coalesce(CAST(c.${name} AS VARCHAR), '') = coalesce(CAST(p.${name} AS VARCHAR), '')`,
  ).join(" AND ");
  const run = Number(previousRun);
  await stages.query(
    `CREATE OR REPLACE TEMP TABLE snapshot_plan AS
     WITH c AS (SELECT * FROM ${catalogLines(catalogPath)}),
          p AS (SELECT * FROM records WHERE run = ${run}),
          j AS (SELECT c.seq, p.rid AS old_rid, coalesce(p.rid IS NOT NULL AND ${same}, false) AS unchanged
                FROM c LEFT JOIN p ON p.sr_id = c.sr_id)
     SELECT *, coalesce(old_rid, (SELECT coalesce(max(rid) + 1, 0) FROM p) - 1
                 + row_number() OVER (PARTITION BY old_rid IS NULL ORDER BY seq)) AS rid
     FROM j`,
  );
  return { previousRun, records, catalogPath };
}

/** The catalog lines of {@link planUpdate} as a relation: seq and the snapshot fields. */
function catalogLines(path: string): string {
  return `read_json(['${path}'], format = 'newline_delimited', columns = {${jsonColumns([["seq", "bigint"], ...RECORD_FIELDS])}})`;
}

/**
 * Plans a run and writes its snapshot as Parquet (`records-<k>.parquet` in `dir`, one file per
 * `ridsPerFile` rids, each sorted by rid), reading the catalog once as a stream: no more than the
 * chunks in flight are held. A fresh run numbers the records 0..n-1 in catalog order; an
 * incremental one is planned by DuckDB ({@link planUpdate}): each
 * record keeps its rid of the last run in `stages` (a new sr_id takes the next free rid) and is
 * changed when new or when any field differs. The changed records are prepared `chunkSize` at a time
 * by `writer` (here, or on worker threads) and written with their blocking keys and MinHash rows;
 * every unchanged record's row, blocking keys included, is copied from the last run's snapshot.
 * Records gone from the catalog drop out.
 */
export async function writeSnapshot(
  stages: DuckDbStages,
  catalog: Iterable<SoundRecording>,
  dir: string,
  {
    run,
    incremental,
    chunkSize = PREPARE_CHUNK,
    writer = IN_THIS_THREAD,
    ridsPerFile = RIDS_PER_SNAPSHOT_FILE,
  }: { run: number; incremental: boolean; chunkSize?: number; writer?: ChunkWriter; ridsPerFile?: number },
): Promise<Snapshot> {
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  const chunks = changedChunks(dir, writer, chunkSize);
  let records = 0;
  let changed = 0;
  let previousRun: number | undefined;
  if (incremental) {
    const plan = await planUpdate(stages, catalog, dir);
    ({ previousRun, records } = plan);
    const rows = stages.streamRows(
      `SELECT CAST(s.rid AS INTEGER) AS rid, ${recordFields}
       FROM ${catalogLines(plan.catalogPath)} c JOIN snapshot_plan s ON s.seq = c.seq AND NOT s.unchanged ORDER BY s.rid`,
    );
    for await (const { rid, ...record } of rows) {
      changed++;
      await chunks.add(record as unknown as SoundRecording, rid as number);
    }
    rmSync(plan.catalogPath);
  } else {
    for (const record of catalog) await chunks.add(record, records++);
    changed = records;
  }
  const changedFiles = await chunks.finish();
  const prepareSeconds = (performance.now() - started) / 1000;
  const columns = TABLES.records.columns.map(([n]) => n);
  const lastRid =
    previousRun === undefined
      ? records - 1
      : Number((await stages.query("SELECT coalesce(max(rid), -1) AS rid FROM snapshot_plan"))[0]?.rid);
  const files: string[] = [];
  for (let first = 0; files.length === 0 || first <= lastRid; first += ridsPerFile) {
    const end = first + ridsPerFile;
    const inRange = (rid: string) => `${rid} >= ${first} AND ${rid} < ${end}`;
    const lines = changedFiles.filter((f) => f.last >= first && f.first < end).map((f) => f.file);
    const parts = [
      ...(lines.length > 0
        ? [`SELECT ${columns.join(", ")} FROM ${stages.jsonLines(lines, "records")} WHERE ${inRange("rid")}`]
        : []),
      ...(previousRun !== undefined
        ? [
            `SELECT ${columns.map((n) => (n === "changed" ? "false AS changed" : `p.${n}`)).join(", ")}
             FROM records p JOIN snapshot_plan s ON s.old_rid = p.rid AND s.unchanged
             WHERE p.run = ${Number(previousRun)} AND ${inRange("p.rid")}`,
          ]
        : []),
    ];
    const file = join(dir, `records-${files.length}.parquet`);
    await stages.query(
      `COPY (SELECT * FROM (${parts.join(" UNION ALL ")}) ORDER BY rid) TO '${file}' (FORMAT PARQUET)`,
    );
    files.push(file);
  }
  if (previousRun !== undefined) await stages.query("DROP TABLE snapshot_plan");
  // The lines were only the way in: as many bytes as the Parquet several times over (15 GB at 10^7 records).
  for (const { file } of changedFiles) rmSync(file);
  return {
    run: previousRun !== undefined ? previousRun + 1 : run,
    incremental: previousRun !== undefined,
    previousRun: previousRun ?? 0,
    records,
    changed,
    files,
    prepareSeconds,
  };
}

/** The settings of a run that the caller may choose. */
export interface RunSettings {
  k?: number;
  maxBlock?: number;
  cannotLinkBelow?: number;
  /**
   * Shards of the candidate pairs and of the components, at most MAX_SHARDS. Default: one per
   * {@link RECORDS_PER_PAIR_SHARD} records, at least 16 (and at most MAX_SHARDS: past 10^8 records
   * the shards grow instead).
   */
  shards?: number;
  exactKnn?: boolean;
  /**
   * `minhash` (the default, as the in-memory engine's) or `hnsw`: the IVF embedding stage, HNSW
   * inside each partition. `exactKnn` overrules both (IVF with one partition, brute force).
   */
  search?: NeighbourSearch;
  /** IVF: records per centroid (centroids = records / this). Default {@link RECORDS_PER_CENTROID}. */
  recordsPerCentroid?: number;
  /** IVF: search inside each partition by brute force instead of HNSW (the partitioning's own recall). */
  exactInPartitions?: boolean;
  /** IVF: nearest centroids each record is assigned to. Default 2. */
  probes?: number;
  /** Records per shard of the embedding stage. Default {@link RECORDS_PER_SHARD}. */
  recordsPerShard?: number;
  /** MinHash: parts the buckets are searched in. Default {@link defaultMinhashParts}. */
  minhashParts?: number;
}

/** The state machine's neighbour search for the settings: MinHash in SQL, or the IVF embedding stage. */
export function batchSearch(settings: Pick<RunSettings, "search" | "exactKnn">): RunInput["search"] {
  return searchesMinhash(settings) ? "minhash" : "ivf";
}

/**
 * The state machine's input for a planned run. With `exactKnn` the IVF embedding stage uses one record
 * shard, one centroid and brute force: the exact k nearest neighbours. An incremental run shards only
 * its changed records for the embedding stage (the centroids are the last full run's).
 */
export function runInput(plan: RunPlan, model: Model, settings: RunSettings = {}): RunInput {
  const n = plan.records;
  const { k = 10, maxBlock = 50, cannotLinkBelow = CANNOT_LINK_BELOW } = settings;
  const exact = settings.exactKnn === true;
  const perShard = settings.recordsPerShard ?? RECORDS_PER_SHARD;
  const centroids = exact ? 1 : centroidCount(n, settings.recordsPerCentroid ?? RECORDS_PER_CENTROID);
  const search = batchSearch(settings);
  if (settings.shards !== undefined && !(settings.shards >= 1 && settings.shards <= MAX_SHARDS))
    throw new RangeError(`shards must be 1 to ${MAX_SHARDS}: ${settings.shards}`);
  return {
    run: plan.run,
    threshold: model.threshold,
    maxBlock,
    shards: settings.shards ?? Math.min(MAX_SHARDS, Math.max(16, Math.ceil(n / RECORDS_PER_PAIR_SHARD))),
    incremental: plan.incremental ? 1 : 0,
    previousRun: plan.previousRun,
    cannotLinkBelow,
    search,
    searchAll: search === "minhash" || !plan.incremental ? 1 : 0,
    minhashParts: settings.minhashParts ?? defaultMinhashParts(n),
    k: n < 2 ? 0 : Math.min(k, n - 1),
    centroids,
    probes: exact ? 1 : (settings.probes ?? 2),
    recordShards: exact
      ? 1
      : Math.min(MAX_SHARDS, Math.max(1, Math.ceil((plan.incremental ? plan.changed : n) / perShard))),
    sampleSize: sampleSize(centroids),
    exactKnn: exact || settings.exactInPartitions ? 1 : 0,
  };
}
