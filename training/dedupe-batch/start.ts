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
import { MODEL_KEY, type RunInput, runSettingKey, tablePrefix } from "./definition.ts";
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

/** The run folders under a prefix (`tables/<table>/run=N/`, `model/run=N/`) with their run. */
async function runFolders(s3: S3Client, bucket: string, under: string): Promise<[string, number][]> {
  return (await foldersUnder(s3, bucket, under)).flatMap((prefix) => {
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
  const last = (await runFolders(s3, bucket, tablePrefix("clusters"))).reduce(
    (most, [, run]) => Math.max(most, run),
    -1,
  );
  const stale: string[] = [];
  for (const under of [...Object.keys(TABLES).map(tablePrefix), "model/"])
    for (const [prefix, run] of await runFolders(s3, bucket, under))
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

/**
 * Throws unless the finished run `run` was staged with this model and this version's blocking rules
 * (a run staged before each run kept its settings has none, and is refused too): an update carries
 * that run's scores, masks and keys.
 */
async function checkSettings(s3: S3Client, bucket: string, run: number, model: Model): Promise<void> {
  const checks = [
    { file: "model.json", value: JSON.stringify(model), refusal: "the model differs from the one of run" },
    {
      file: "sources.json",
      value: JSON.stringify(CANDIDATE_SOURCES),
      refusal: `other blocking rules than this version's (${CANDIDATE_SOURCES.join(", ")}) proposed run`,
    },
  ] as const;
  for (const { file, value, refusal } of checks) {
    const key = runSettingKey(run, file);
    if ((await textOrEmpty(s3, bucket, key)) !== value)
      throw new Error(`${refusal} ${run} (s3://${bucket}/${key}): start a full run instead`);
  }
}

/** The part number of a snapshot file's key (0 for a file named otherwise). */
function partOf(key: string): number {
  return Number(/records-(\d+)\.parquet$/.exec(key)?.[1] ?? 0);
}

/** An object's text, or "" when the bucket has no such key. */
async function textOrEmpty(s3: S3Client, bucket: string, key: string): Promise<string> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await (out.Body as { transformToString(): Promise<string> }).transformToString();
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
 * local engine does (./snapshot.ts), and refuses a model other than that run's, or a run proposed by
 * other blocking rules (its masks and keys mean those): each run's are kept under
 * {@link runSettingKey}, since MODEL_KEY may hold a later run's that never finished. Objects of a
 * run that never finished are deleted first ({@link dropUnfinishedRuns}).
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
      await checkSettings(s3, bucket, last as number, model);
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
    const settings = [
      { key: MODEL_KEY, body: JSON.stringify(model) },
      { key: runSettingKey(snapshot.run, "model.json"), body: JSON.stringify(model) },
      { key: runSettingKey(snapshot.run, "sources.json"), body: JSON.stringify(CANDIDATE_SOURCES) },
    ];
    const written = [
      ...snapshot.files.map((_, part) => snapshotKey(snapshot.run, part)),
      ...settings.map((s) => s.key),
    ];
    // Streamed in parts: a file may pass Node's 2 GB file read and S3's 5 GB PutObject.
    for (const [part, file] of snapshot.files.entries())
      await new Upload({
        client: s3,
        params: { Bucket: bucket, Key: snapshotKey(snapshot.run, part), Body: createReadStream(file) },
        partSize: options.partBytes ?? SNAPSHOT_PART_BYTES,
      }).done();
    for (const { key, body } of settings)
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "application/json" }),
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
