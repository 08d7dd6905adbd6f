import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { type Model, parseModel } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { type LoopbackS3, startLoopbackS3 } from "../../lib/testing/loopback-s3.ts";
import { CANDIDATE_SOURCES } from "../dedupe/blocking.ts";
import { keysUnder } from "./bucket-keys.ts";
import { DEFAULT_LIMITS, MODEL_KEY, type RunInput, runSettingKey } from "./definition.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { runLocalStateMachine } from "./local-state-machine.ts";
import { runBatchLocally } from "./local-worker.ts";
import { snapshotKey, snapshotPrefix, stageRun } from "./start.ts";

// `npm run dedupe:start` against a real S3-API server (s3rver) on loopback: a full run staged, then a
// day's changes staged as an incremental run planned against the snapshot read back from the bucket.
const BUCKET = "data";
let s3: LoopbackS3;
let model: Model;
let before: SoundRecording[];
let after: SoundRecording[];
let sample: SoundRecording[];
const dir = mkdtempSync(join(tmpdir(), "dedupe-start-test-"));

/** A run's snapshot, downloaded from the bucket: its files, `files` of them, in part order. */
async function download(run: number, bucket = BUCKET, files = 1): Promise<string[]> {
  const keys = Array.from({ length: files }, (_, part) => snapshotKey(run, part));
  expect((await keysUnder(s3.client, bucket, snapshotPrefix(run))).sort()).toEqual([...keys].sort());
  return Promise.all(
    keys.map(async (key, part) => {
      const out = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const file = join(dir, `${bucket}-run-${run}-${part}.parquet`);
      writeFileSync(
        file,
        await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      return file;
    }),
  );
}

/** What the state machine's last stage leaves when a run finishes: its clusters under the table's partition. */
async function finish(run: number, bucket = BUCKET): Promise<void> {
  await s3.client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `tables/clusters/run=${run}/data.parquet`,
      Body: "clusters",
    }),
  );
}

/** A snapshot in the bucket, read with DuckDB: sr_id → [rid, changed]. */
async function snapshot(run: number, bucket = BUCKET, files = 1): Promise<Map<string, [number, boolean]>> {
  const list = (await download(run, bucket, files)).map((file) => `'${file}'`).join(", ");
  const stages = await DuckDbStages.open(join(dir, "read"), { inMemory: true });
  try {
    const rows = await stages.query(
      `SELECT sr_id, CAST(rid AS INTEGER) AS rid, changed FROM read_parquet([${list}])`,
    );
    return new Map(rows.map((r) => [String(r.sr_id), [Number(r.rid), r.changed === true]]));
  } finally {
    stages.close();
  }
}

beforeAll(async () => {
  s3 = await startLoopbackS3([BUCKET, "empty", "cli", "parts", "split", "stopped", "rules", "restaged"]);
  model = parseModel(readFileSync("data/model.json", "utf8"));
  const catalog = await Catalog.open(readFileSync("data/db.db"));
  sample = [...catalog.all()];
  before = sample.slice(0, 400);
  catalog.close();
  after = before
    .map((r, i) => (i === 10 || i === 20 ? { ...r, title: `${r.title} (Acoustic)` } : r))
    .filter((_, i) => i !== 30);
  after.push({ ...(before[40] as SoundRecording), sr_id: "copy-0" });
});

afterAll(async () => {
  await s3.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe("npm run dedupe:start", () => {
  it("stages a full run: the snapshot under tables/records/run=1/, the model, and the input", async () => {
    const staged = await stageRun(s3.client, BUCKET, before, model);
    await finish(1);
    writeFileSync(join(dir, "run-input-1.json"), JSON.stringify(staged.input));
    expect(staged.keys).toEqual([
      snapshotKey(1, 0),
      MODEL_KEY,
      runSettingKey(1, "model.json"),
      runSettingKey(1, "sources.json"),
    ]);
    expect(staged.input).toMatchObject({
      run: 1,
      incremental: 0,
      previousRun: 0,
      threshold: model.threshold,
      minhashParts: 1,
    });
    const rows = await snapshot(1);
    expect(rows.size).toBe(400);
    expect([...rows.values()].every(([, changed]) => changed)).toBe(true);
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: MODEL_KEY }));
    expect(
      parseModel(await (stored.Body as { transformToString(): Promise<string> }).transformToString()),
    ).toEqual(model);
  });

  it("stages an incremental run against the last snapshot: rids kept, changes marked, deletions gone", async () => {
    const staged = await stageRun(s3.client, BUCKET, after, model, { incremental: true });
    writeFileSync(join(dir, "run-input-2.json"), JSON.stringify(staged.input));
    expect(staged.input).toMatchObject({ run: 2, incremental: 1, previousRun: 1, recordShards: 1 });
    expect(staged.changed).toBe(3);
    const [first, second] = [await snapshot(1), await snapshot(2)];
    expect(second.size).toBe(400);
    expect(second.has(before[30]?.sr_id as string)).toBe(false);
    expect(second.get("copy-0")).toEqual([400, true]);
    for (const i of [10, 20]) expect(second.get(before[i]?.sr_id as string)?.[1]).toBe(true);
    const kept = [...second].filter(([id]) => id !== "copy-0");
    for (const [id, [rid]] of kept) expect(rid).toBe(first.get(id)?.[0]);
    expect(kept.filter(([, [, changed]]) => changed)).toHaveLength(2);
  });

  it("stages input the state machine runs: both runs through the definition on the staged snapshots", async () => {
    // The AWS run's stand-in: the bucket's snapshots loaded as the records table, the staged inputs
    // run by the stack's definition (DuckDB for Athena, the worker functions in-process).
    const stages = await DuckDbStages.open(join(dir, "bucket"));
    const input = (run: number) =>
      JSON.parse(readFileSync(join(dir, `run-input-${run}.json`), "utf8")) as RunInput;
    try {
      for (const run of [1, 2]) {
        await stages.loadParquet("records", run, await download(run));
        await runLocalStateMachine(input(run), {
          stages,
          limits: DEFAULT_LIMITS,
          invoke: (event) => runBatchLocally(stages.dir, model, event),
        });
      }
      const cluster = async (run: number, id: string) =>
        (await stages.query(`SELECT cluster FROM clusters WHERE run = ${run} AND sr_id = '${id}'`))[0]
          ?.cluster;
      expect(await cluster(2, "copy-0")).toBe(await cluster(2, before[40]?.sr_id as string));
      const [counts] = await stages.query(
        "SELECT count(*) FILTER (WHERE run = 1) AS one, count(*) FILTER (WHERE run = 2) AS two FROM clusters",
      );
      expect([Number(counts?.one), Number(counts?.two)]).toEqual([400, 400]);
    } finally {
      stages.close();
    }
  });

  it("uploads a snapshot larger than a part in parts, whole (PutObject stops at 5 GB; 10^7 records make 5.3 GB)", async () => {
    const records = sample.slice(0, 12_000);
    const sent = s3.requests.length;
    await stageRun(s3.client, "parts", records, model, { partBytes: 5 * 1024 * 1024 });
    const parts = s3.requests.slice(sent).filter((r) => r.startsWith("PUT") && r.includes("partNumber="));
    expect(parts.length).toBeGreaterThan(1);
    const rows = await snapshot(1, "parts");
    expect(rows.size).toBe(records.length);
    records.forEach((record, i) => {
      expect(rows.get(record.sr_id)).toEqual([i, true]);
    });
  });

  it("stages a snapshot of several files, one per range of rids, and plans the next run against all of them", async () => {
    const split = { ridsPerFile: 128 };
    const full = await stageRun(s3.client, "split", before, model, split);
    await finish(1, "split");
    expect(full.keys).toEqual(
      [0, 1, 2, 3]
        .map((part) => snapshotKey(1, part))
        .concat(MODEL_KEY, runSettingKey(1, "model.json"), runSettingKey(1, "sources.json")),
    );
    expect(await snapshot(1, "split", 4)).toEqual(await snapshot(1));
    const update = await stageRun(s3.client, "split", after, model, { ...split, incremental: true });
    expect(update.changed).toBe(3);
    // The copy takes rid 400, in the fourth file's range (384-511).
    expect(await snapshot(2, "split", 4)).toEqual(await snapshot(2));
  });

  it("drops a run that never finished and stages the next one under its number, against the last finished run", async () => {
    await stageRun(s3.client, "stopped", before, model);
    await finish(1, "stopped");
    // Run 2 staged and stopped part way: its snapshot and some scores, no clusters.
    await stageRun(s3.client, "stopped", before, model, { incremental: true });
    const stray = "tables/scores/run=2/stray.json";
    await s3.client.send(new PutObjectCommand({ Bucket: "stopped", Key: stray, Body: "{}" }));
    const staged = await stageRun(s3.client, "stopped", after, model, { incremental: true });
    expect(staged.input).toMatchObject({ run: 2, incremental: 1, previousRun: 1 });
    expect(staged.changed).toBe(3);
    expect(await keysUnder(s3.client, "stopped", "tables/scores/")).toEqual([]);
    expect(await snapshot(2, "stopped")).toEqual(await snapshot(2));
  });

  it("refuses an incremental run with another model, or with no run to update", async () => {
    await expect(
      stageRun(s3.client, BUCKET, after, { ...model, threshold: 0.9 }, { incremental: true }),
    ).rejects.toThrow(/model differs/);
    await expect(stageRun(s3.client, "empty", after, model, { incremental: true })).rejects.toThrow(
      /no earlier finished run/,
    );
  });

  it("checks an update against the finished run's model, not that of a full run staged since and never run", async () => {
    const other = { ...model, threshold: 0.9 };
    await stageRun(s3.client, "restaged", before, model);
    await finish(1, "restaged");
    // A full run with another model, staged and never run: the bucket's MODEL_KEY is now its model.
    await stageRun(s3.client, "restaged", before, other);
    await expect(stageRun(s3.client, "restaged", after, other, { incremental: true })).rejects.toThrow(
      /model differs from the one of run 1/,
    );
    const staged = await stageRun(s3.client, "restaged", after, model, { incremental: true });
    expect(staged.input).toMatchObject({ run: 2, incremental: 1, previousRun: 1 });
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: "restaged", Key: MODEL_KEY }));
    expect(
      parseModel(await (stored.Body as { transformToString(): Promise<string> }).transformToString()),
    ).toEqual(model);
  });

  it("refuses an incremental run over a run proposed by other blocking rules, or by unrecorded ones", async () => {
    await stageRun(s3.client, "rules", before, model);
    await finish(1, "rules");
    // A run made before the last rule was added: its masks number the neighbours' bit one lower.
    const older = JSON.stringify(CANDIDATE_SOURCES.filter((_, i) => i !== CANDIDATE_SOURCES.length - 2));
    const sources = runSettingKey(1, "sources.json");
    await s3.client.send(new PutObjectCommand({ Bucket: "rules", Key: sources, Body: older }));
    await expect(stageRun(s3.client, "rules", after, model, { incremental: true })).rejects.toThrow(
      /other blocking rules/,
    );
    // A run staged before the rules were recorded.
    await s3.client.send(new DeleteObjectCommand({ Bucket: "rules", Key: sources }));
    await expect(stageRun(s3.client, "rules", after, model, { incremental: true })).rejects.toThrow(
      /other blocking rules/,
    );
    // A full run by this version (run 2) can be updated.
    await stageRun(s3.client, "rules", before, model);
    await finish(2, "rules");
    expect((await stageRun(s3.client, "rules", after, model, { incremental: true })).changed).toBe(3);
  });
});

describe("the dedupe:start command", () => {
  it("writes the execution input and names what it put in the bucket", async () => {
    const run = promisify(execFile);
    const out = join(dir, "cli-input.json");
    const { stderr } = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        "training/dedupe-batch/start-cli.ts",
        "--bucket",
        "cli",
        "--minhash-parts",
        "3",
        "--out",
        out,
      ],
      { env: { ...process.env, ...s3.env() } },
    );
    expect(JSON.parse(readFileSync(out, "utf8"))).toMatchObject({
      run: 1,
      incremental: 0,
      search: "minhash",
      minhashParts: 3,
    });
    expect(stderr).toContain(`s3://cli/${snapshotKey(1, 0)}`);
  });

  it("says why it cannot update a bucket with no run, and exits 1", async () => {
    const run = promisify(execFile);
    await expect(
      run(
        process.execPath,
        ["--import", "tsx", "training/dedupe-batch/start-cli.ts", "--bucket", "empty", "--incremental"],
        {
          env: { ...process.env, ...s3.env() },
        },
      ),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("no earlier finished run") });
  });
});
