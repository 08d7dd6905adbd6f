import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Model } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { blockKeys } from "../dedupe/blocking.ts";
import { type NeighbourSearch, searchesMinhash } from "../dedupe/candidate-stage.ts";
import { CANNOT_LINK_BELOW } from "../dedupe/cluster.ts";
import type { DedupeKeys } from "../dedupe/keys.ts";
import { type MinhashRow, minhashRows } from "../dedupe/minhash.ts";
import { prepareStage } from "../dedupe/pipeline.ts";
import type { RunInput } from "./definition.ts";
import type { DuckDbStages } from "./duckdb-stages.ts";
import { centroidCount, RECORDS_PER_CENTROID, sampleSize } from "./ivf.ts";
import { defaultMinhashParts } from "./minhash-parts.ts";
import { RECORD_FIELDS, TABLES } from "./sql.ts";

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

/** A record's value of each snapshot field (RECORD_FIELDS), null where it has none. */
const fieldValues = (record: SoundRecording): unknown[] =>
  RECORD_FIELDS.map(([name]) => (record as unknown as Record<string, unknown>)[name] ?? null);

/** The snapshot file's fields of a record, as one string: equal strings, unchanged record. */
const fingerprint = (values: readonly unknown[]): string =>
  values.map((v) => (v === null || v === undefined ? "" : String(v))).join("\u0001");

/** How this run's records relate to the last run's (incremental), or a fresh start. */
export interface RunPlan {
  run: number;
  /** The state machine's incremental mode: the last run (`previousRun`) is updated. */
  incremental: boolean;
  previousRun: number;
  /** The catalog's records in rid order. */
  records: readonly SoundRecording[];
  rids: Uint32Array;
  changed: boolean[];
}

/**
 * Plans a run: a fresh one numbers the records 0..n-1 in catalog order; an incremental one gives each
 * record its rid of the last run (a new sr_id the next free rid), marks it changed when new or when
 * any field differs, and orders the records by rid, so that rids and positions sort alike.
 */
export async function planRun(
  records: readonly SoundRecording[],
  stages: DuckDbStages,
  incremental: boolean,
  run: number,
): Promise<RunPlan> {
  if (!incremental)
    return {
      run,
      incremental: false,
      previousRun: 0,
      records,
      rids: Uint32Array.from(records, (_, i) => i),
      changed: records.map(() => true),
    };
  const [last] = await stages.query("SELECT max(run) AS run FROM records");
  const previousRun = Number(last?.run ?? Number.NaN);
  if (!Number.isInteger(previousRun)) throw new Error(`no previous run in ${stages.dir} to update`);
  const names = RECORD_FIELDS.map(([name]) => name);
  const [rid, ...fields] = (await stages.columns(
    `SELECT CAST(rid AS INTEGER), ${names.join(", ")} FROM records WHERE run = ?`,
    [previousRun],
  )) as [number[], ...unknown[][]];
  const before = new Map<string, { rid: number; fingerprint: string }>();
  let next = 0;
  (rid ?? []).forEach((r, i) => {
    before.set(String(fields[0]?.[i]), { rid: r, fingerprint: fingerprint(fields.map((f) => f[i])) });
    next = Math.max(next, r + 1);
  });
  const planned = records.map((record) => {
    const was = before.get(record.sr_id);
    const now = fingerprint(fieldValues(record));
    return { record, rid: was ? was.rid : next++, changed: !was || was.fingerprint !== now };
  });
  planned.sort((x, y) => x.rid - y.rid);
  return {
    run: previousRun + 1,
    incremental: true,
    previousRun,
    records: planned.map((p) => p.record),
    rids: Uint32Array.from(planned, (p) => p.rid),
    changed: planned.map((p) => p.changed),
  };
}

/**
 * Changed records (every record of a fresh run) whose blocking keys and MinHash rows the snapshot
 * computes at a time: only a chunk's prepared forms and keys are held, never a whole catalog's (their
 * 2.2 GB at 10^6 records made the peak of a local run). An unchanged record's keys are the last
 * snapshot's.
 */
const PREPARE_CHUNK = 10_000;

/** Writes lines to a file in chunks: one string of a 10^6-record catalog's lines would pass V8's string limit. */
function writeLines(path: string, lines: Iterable<string>): void {
  const file = openSync(path, "w");
  let chunk: string[] = [];
  for (const line of lines) {
    chunk.push(`${line}\n`);
    if (chunk.length === 50_000) {
      writeSync(file, chunk.join(""));
      chunk = [];
    }
  }
  writeSync(file, chunk.join(""));
  closeSync(file);
}

/** The snapshot file written by {@link writeSnapshot}, and the seconds spent preparing records for it. */
export interface Snapshot {
  parquet: string;
  prepareSeconds: number;
}

/**
 * Writes the snapshot of a planned run as Parquet (`records.parquet` in `dir`), in rid order. The
 * changed records are prepared `chunkSize` at a time and written with their blocking keys and MinHash
 * rows; an incremental run copies every unchanged record's row, blocking keys included, from the
 * last run's snapshot, which `stages` must hold.
 */
export async function writeSnapshot(
  stages: DuckDbStages,
  plan: RunPlan,
  dir: string,
  chunkSize = PREPARE_CHUNK,
): Promise<Snapshot> {
  mkdirSync(dir, { recursive: true });
  const changed = join(dir, "changed.jsonl");
  const carried = join(dir, "carried.jsonl");
  let prepareSeconds = 0;
  writeLines(
    changed,
    (function* () {
      const positions: number[] = [];
      plan.changed.forEach((isChanged, i) => {
        if (isChanged) positions.push(i);
      });
      for (let start = 0; start < positions.length; start += chunkSize) {
        const chunk = positions.slice(start, start + chunkSize);
        const started = performance.now();
        const { keys } = prepareStage(chunk.map((i) => plan.records[i] as SoundRecording));
        prepareSeconds += (performance.now() - started) / 1000;
        const minhash = minhashRows(keys.map((key) => key.embeddingText));
        for (const [j, i] of chunk.entries()) {
          const values = fieldValues(plan.records[i] as SoundRecording);
          const row: Record<string, unknown> = { rid: plan.rids[i] };
          RECORD_FIELDS.forEach(([name], f) => {
            row[name] = values[f];
          });
          const { buckets, low } = minhash[j] as MinhashRow;
          row.block_keys = blockKeys(keys[j] as DedupeKeys);
          row.minhash_buckets = buckets;
          row.minhash_low = low;
          row.changed = true;
          yield JSON.stringify(row);
        }
      }
    })(),
  );
  if (plan.incremental)
    writeLines(
      carried,
      (function* () {
        for (let i = 0; i < plan.records.length; i++) if (!plan.changed[i]) yield `{"rid":${plan.rids[i]}}`;
      })(),
    );
  const parquet = join(dir, "records.parquet");
  const columns = TABLES.records.columns.map(([n]) => n);
  const previous = plan.incremental
    ? `UNION ALL SELECT ${columns.map((n) => (n === "changed" ? "false AS changed" : `p.${n}`)).join(", ")}
       FROM records p JOIN read_json('${carried}', format = 'newline_delimited', columns = {'rid': 'BIGINT'}) c
       ON c.rid = p.rid WHERE p.run = ${Number(plan.previousRun)}`
    : "";
  await stages.query(
    `COPY (SELECT * FROM (SELECT ${columns.join(", ")} FROM ${stages.jsonLines(changed, "records")} ${previous}) ORDER BY rid)
     TO '${parquet}' (FORMAT PARQUET)`,
  );
  return { parquet, prepareSeconds };
}

/** The settings of a run that the caller may choose. */
export interface RunSettings {
  k?: number;
  maxBlock?: number;
  cannotLinkBelow?: number;
  /** Shards of the candidate pairs and of the components. Default: one per {@link RECORDS_PER_PAIR_SHARD} records, at least 16. */
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
  const n = plan.records.length;
  const { k = 10, maxBlock = 50, cannotLinkBelow = CANNOT_LINK_BELOW } = settings;
  const exact = settings.exactKnn === true;
  const perShard = settings.recordsPerShard ?? RECORDS_PER_SHARD;
  const centroids = exact ? 1 : centroidCount(n, settings.recordsPerCentroid ?? RECORDS_PER_CENTROID);
  const changed = plan.changed.filter(Boolean).length;
  return {
    run: plan.run,
    threshold: model.threshold,
    maxBlock,
    shards: settings.shards ?? Math.max(16, Math.ceil(n / RECORDS_PER_PAIR_SHARD)),
    incremental: plan.incremental ? 1 : 0,
    previousRun: plan.previousRun,
    cannotLinkBelow,
    search: batchSearch(settings),
    minhashParts: settings.minhashParts ?? defaultMinhashParts(n),
    k: n < 2 ? 0 : Math.min(k, n - 1),
    centroids,
    probes: exact ? 1 : (settings.probes ?? 2),
    recordShards: exact ? 1 : Math.max(1, Math.ceil((plan.incremental ? changed : n) / perShard)),
    sampleSize: sampleSize(centroids),
    exactKnn: exact || settings.exactInPartitions ? 1 : 0,
  };
}
