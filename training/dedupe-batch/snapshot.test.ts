import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { prepareRecording, type SoundRecording } from "../../lambda/recording.ts";
import { blockKeys } from "../dedupe/blocking.ts";
import { dedupeKeys } from "../dedupe/keys.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { type ChunkWriter, writeSnapshot } from "./snapshot.ts";
import { ThreadPool } from "./thread-pool.ts";

// The snapshot reads the catalog once, as a stream, and prepares the changed records a chunk at a
// time, so that neither a catalog's records nor their prepared forms are ever held at once: its rows
// must not depend on the chunk size, and each row must carry its own record's keys however the
// changed records are spread.
const dir = mkdtempSync(join(tmpdir(), "snapshot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let records: SoundRecording[];
beforeAll(async () => {
  const catalog = await Catalog.open(readFileSync("data/db.db"));
  try {
    records = [...catalog.all()].slice(0, 300);
  } finally {
    catalog.close();
  }
});

/** Yields the records once, counting how many were read: a stream, not an array to read twice. */
function* once(list: readonly SoundRecording[], read: { count: number }): Generator<SoundRecording> {
  for (const record of list) {
    read.count++;
    yield record;
  }
}

const rowsOf = (stages: DuckDbStages, parquet: string) =>
  stages.query(
    `SELECT rid, sr_id, title, block_keys, minhash_buckets, minhash_low, changed FROM read_parquet('${parquet}') ORDER BY rid`,
  );

const keysOf = (record: SoundRecording) => blockKeys(dedupeKeys(prepareRecording(record)));

describe("writeSnapshot", () => {
  it("numbers a fresh run's records in catalog order, reading the catalog once", async () => {
    const stages = await DuckDbStages.open(join(dir, "fresh"), { inMemory: true });
    try {
      const read = { count: 0 };
      const snapshot = await writeSnapshot(stages, once(records, read), join(dir, "fresh", "input"), {
        run: 1,
        incremental: false,
        chunkSize: 64,
      });
      expect(read.count).toBe(300);
      // The JSON lines it wrote on the way to the Parquet file are gone.
      expect(readdirSync(join(dir, "fresh", "input"))).toEqual(["records.parquet"]);
      expect(snapshot).toMatchObject({
        run: 1,
        incremental: false,
        previousRun: 0,
        records: 300,
        changed: 300,
      });
      const rows = await rowsOf(stages, snapshot.parquet);
      expect(rows.map((r) => r.sr_id)).toEqual(records.map((r) => r.sr_id));
      expect(rows.map((r) => Number(r.rid))).toEqual(records.map((_, i) => i));
      rows.forEach((row, i) => {
        expect(row.block_keys).toEqual(keysOf(records[i] as SoundRecording));
      });
    } finally {
      stages.close();
    }
  });

  it("writes the same rows in chunks as in one, each changed record with its own keys, the rest carried", async () => {
    const stages = await DuckDbStages.open(join(dir, "update"), { inMemory: true });
    try {
      const first = await writeSnapshot(stages, records, join(dir, "update", "run-1"), {
        run: 1,
        incremental: false,
      });
      await stages.loadParquet("records", 1, first.parquet);
      // Every third record changed, the last ten gone, two new: the chunks skip records.
      const later = [
        ...records.slice(0, 290).map((r, i) => (i % 3 === 1 ? { ...r, title: `${r.title} (Live)` } : r)),
        { ...(records[0] as SoundRecording), sr_id: "new-1" },
        { ...(records[5] as SoundRecording), sr_id: "new-2" },
      ];
      const update = (name: string, chunkSize: number) =>
        writeSnapshot(stages, later, join(dir, "update", name), { run: 2, incremental: true, chunkSize });
      const whole = await update("whole", 1_000);
      const chunked = await update("chunked", 7);
      expect(whole).toMatchObject({ run: 2, incremental: true, previousRun: 1, records: 292, changed: 99 });
      const rows = await rowsOf(stages, chunked.parquet);
      expect(rows).toEqual(await rowsOf(stages, whole.parquet));
      expect(rows).toHaveLength(292);
      const bySrId = new Map(later.map((r) => [r.sr_id, r]));
      for (const row of rows) {
        const record = bySrId.get(String(row.sr_id)) as SoundRecording;
        expect(row.title).toBe(record.title);
        expect(row.block_keys).toEqual(keysOf(record));
      }
      // Kept records keep their rids; new ones take the next free ones.
      const ridOf = new Map(rows.map((r) => [String(r.sr_id), Number(r.rid)]));
      expect(records.slice(0, 290).every((r, i) => ridOf.get(r.sr_id) === i)).toBe(true);
      expect([ridOf.get("new-1"), ridOf.get("new-2")]).toEqual([300, 301]);
      expect(rows.filter((r) => r.changed).map((r) => String(r.sr_id))).toEqual([
        ...records.slice(0, 290).flatMap((r, i) => (i % 3 === 1 ? [r.sr_id] : [])),
        "new-1",
        "new-2",
      ]);
    } finally {
      stages.close();
    }
  });

  it("writes the same rows when worker threads prepare the chunks, two at a time, finishing in any order", async () => {
    const stages = await DuckDbStages.open(join(dir, "threads"), { inMemory: true });
    const pool = new ThreadPool(2, join(dir, "threads"), readFileSync("data/model.json", "utf8"));
    try {
      const chunks: number[] = [];
      const threads = pool.snapshotWriter();
      const writer: ChunkWriter = {
        write: (chunk) => {
          chunks.push(chunk.records.length);
          return threads.write(chunk);
        },
        parallel: threads.parallel,
      };
      const here = await writeSnapshot(stages, records, join(dir, "threads", "here"), {
        run: 1,
        incremental: false,
      });
      const threaded = await writeSnapshot(stages, records, join(dir, "threads", "pool"), {
        run: 1,
        incremental: false,
        chunkSize: 16,
        writer,
      });
      expect(chunks).toEqual([...Array(18).fill(16), 12]);
      expect(threaded).toMatchObject({ records: 300, changed: 300 });
      expect(readdirSync(join(dir, "threads", "pool"))).toEqual(["records.parquet"]);
      expect(await rowsOf(stages, threaded.parquet)).toEqual(await rowsOf(stages, here.parquet));
    } finally {
      await pool.close();
      stages.close();
    }
  });
});
