import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Model } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { CANDIDATE_SOURCES } from "../dedupe/blocking.ts";
import { foldersUnder, keysUnder } from "./bucket-keys.ts";
import { MODEL_KEY, type RunInput, SOURCES_KEY, tablePrefix } from "./definition.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { type ChunkWriter, type RunSettings, runInput, writeSnapshot } from "./snapshot.ts";
import { TABLES } from "./sql.ts";

/** Where a run's catalog snapshot is: the `records` table's partition, as Athena reads it. */
export const snapshotPrefix = (run: number): string => `${tablePrefix("records")}run=${run}/`;

/** The key of a run's snapshot file `part` (./snapshot.ts writes one file per range of rids). */
export const snapshotKey = (run: number, part: number): string =>
  `${snapshotPrefix(run)}records-${part}.parquet`;

/**
 * Bytes of each part of a snapshot file's multipart upload: 10^8 records make about 53 GB of snapshot
 * in 100 files (./snapshot.ts), 9 parts of 64 MB each, within S3's 10,000.
 */
const SNAPSHOT_PART_BYTES = 64 * 1024 * 1024;

/** What {@link stageRun} put in the bucket, and the state machine's input for it. */
export interface StagedRun {
  input: RunInput;
  records: number;
  changed: number;
  keys: string[];
}

/** A table's run partitions in the bucket, as prefixes (`tables/<table>/run=N/`) with their run. */
async function runPartitions(s3: S3Client, bucket: string, table: string): Promise<[string, number][]> {
  return (await foldersUnder(s3, bucket, tablePrefix(table))).flatMap((prefix) => {
    const run = /\/run=(\d+)\/$/.exec(prefix)?.[1];
    return run === undefined ? [] : [[prefix, Number(run)] as [string, number]];
  });
}

/**
 * The last run that finished (its clusters written, the state machine's last stage), after deleting
 * every object of a later run: one whose execution stopped part way, or that was staged and never
 * run. The next run takes its number afresh and builds on a finished run, not on one whose scores
 * and clusters were never written. So stage a run only when no execution is running.
 */
async function dropUnfinishedRuns(s3: S3Client, bucket: string): Promise<number | undefined> {
  const last = (await runPartitions(s3, bucket, "clusters")).reduce(
    (most, [, run]) => Math.max(most, run),
    -1,
  );
  const stale: string[] = [];
  for (const table of Object.keys(TABLES))
    for (const [prefix, run] of await runPartitions(s3, bucket, table))
      if (run > last) stale.push(...(await keysUnder(s3, bucket, prefix)));
  for (let i = 0; i < stale.length; i += 1000)
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: stale.slice(i, i + 1000).map((Key) => ({ Key })) },
      }),
    );
  return last < 0 ? undefined : last;
}

/** The part number of a snapshot file's key (0 for a file named otherwise). */
function partOf(key: string): number {
  return Number(/records-(\d+)\.parquet$/.exec(key)?.[1] ?? 0);
}

async function getBytes(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
}

/** An object's text, or "" when the bucket has no such key. */
async function textOrEmpty(s3: S3Client, bucket: string, key: string): Promise<string> {
  try {
    return new TextDecoder().decode(await getBytes(s3, bucket, key));
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return "";
    throw error;
  }
}

/**
 * Puts the next batch run in the data bucket of the dedupe stack: the catalog snapshot (rid, fields,
 * blocking keys, changed) as Parquet under `tables/records/run=N/` and the model under
 * {@link MODEL_KEY}; returns the execution input. A full run numbers the records afresh; an
 * incremental one plans against the last finished run's snapshot, read back from the bucket, as the
 * local engine does (./snapshot.ts), and refuses a model other than the one in the bucket, or a run
 * proposed by other blocking rules ({@link SOURCES_KEY}: its masks and keys mean those). Objects
 * of a run that never finished are deleted first ({@link dropUnfinishedRuns}).
 */
export async function stageRun(
  s3: S3Client,
  bucket: string,
  catalog: Iterable<SoundRecording>,
  model: Model,
  options: RunSettings & {
    incremental?: boolean;
    writer?: ChunkWriter;
    /** Bytes of each part of the snapshot's upload; default {@link SNAPSHOT_PART_BYTES}, at least S3's 5 MB. */
    partBytes?: number;
    /** Rids per snapshot file; default RIDS_PER_SNAPSHOT_FILE (./snapshot.ts). */
    ridsPerFile?: number;
  } = {},
): Promise<StagedRun> {
  const incremental = options.incremental === true;
  const last = await dropUnfinishedRuns(s3, bucket);
  if (incremental && last === undefined)
    throw new Error(`s3://${bucket} holds no earlier finished run to update: start a full run first`);
  const dir = mkdtempSync(join(tmpdir(), "dedupe-start-"));
  const stages = await DuckDbStages.open(dir, { inMemory: true });
  try {
    if (incremental) {
      const stored = new TextDecoder().decode(await getBytes(s3, bucket, MODEL_KEY));
      if (stored !== JSON.stringify(model))
        throw new Error(`the model differs from s3://${bucket}/${MODEL_KEY}: start a full run instead`);
      if ((await textOrEmpty(s3, bucket, SOURCES_KEY)) !== JSON.stringify(CANDIDATE_SOURCES))
        throw new Error(
          `the last run in s3://${bucket} was proposed by other blocking rules than this version's (${CANDIDATE_SOURCES.join(", ")}): start a full run instead`,
        );
      // Every file of the last snapshot, in rid order (records-2 before records-10).
      const keys = (await keysUnder(s3, bucket, snapshotPrefix(last as number))).sort(
        (x, y) => partOf(x) - partOf(y),
      );
      const previous: string[] = [];
      for (const key of keys) {
        const file = join(dir, `previous-${previous.length}.parquet`);
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        await pipeline(out.Body as Readable, createWriteStream(file));
        previous.push(file);
      }
      await stages.loadParquet("records", last as number, previous);
    }
    const snapshot = await writeSnapshot(stages, catalog, dir, {
      run: (last ?? 0) + 1,
      incremental,
      writer: options.writer,
      ridsPerFile: options.ridsPerFile,
    });
    const written = [
      ...snapshot.files.map((_, part) => snapshotKey(snapshot.run, part)),
      MODEL_KEY,
      SOURCES_KEY,
    ];
    // Streamed in parts: a file may pass Node's 2 GB file read and S3's 5 GB PutObject.
    for (const [part, file] of snapshot.files.entries())
      await new Upload({
        client: s3,
        params: { Bucket: bucket, Key: snapshotKey(snapshot.run, part), Body: createReadStream(file) },
        partSize: options.partBytes ?? SNAPSHOT_PART_BYTES,
      }).done();
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: MODEL_KEY,
        Body: JSON.stringify(model),
        ContentType: "application/json",
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: SOURCES_KEY,
        Body: JSON.stringify(CANDIDATE_SOURCES),
        ContentType: "application/json",
      }),
    );
    return {
      input: runInput(snapshot, model, options),
      records: snapshot.records,
      changed: snapshot.changed,
      keys: written,
    };
  } finally {
    stages.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
