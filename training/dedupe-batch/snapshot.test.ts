import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { prepareRecording, type SoundRecording } from "../../lambda/recording.ts";
import { blockKeys } from "../dedupe/blocking.ts";
import { dedupeKeys } from "../dedupe/keys.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { type ChunkWriter, planUpdate, type Snapshot, writeSnapshot } from "./snapshot.ts";
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

const rowsOf = (stages: DuckDbStages, files: readonly string[]) =>
  stages.query(
    `SELECT rid, sr_id, title, block_keys, minhash_buckets, minhash_low, changed FROM read_parquet([${files.map((f) => `'${f}'`).join(", ")}]) ORDER BY rid`,
  );

const keysOf = (record: SoundRecording) => blockKeys(dedupeKeys(prepareRecording(record)));

/** Runs `body` on a DuckDB in `dir/name` whose finished run 1 is the snapshot of `records`, then closes it. */
async function withFirstRun(
  name: string,
  body: (stages: DuckDbStages, first: Snapshot) => Promise<void>,
): Promise<void> {
  const stages = await DuckDbStages.open(join(dir, name), { inMemory: true });
  try {
    const first = await writeSnapshot(stages, records, join(dir, name, "run-1"), {
      run: 1,
      incremental: false,
    });
    await stages.loadParquet("records", 1, first.files);
    await body(stages, first);
  } finally {
    stages.close();
  }
}

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
      expect(readdirSync(join(dir, "fresh", "input"))).toEqual(["records-0.parquet"]);
      expect(snapshot).toMatchObject({
        run: 1,
        incremental: false,
        previousRun: 0,
        records: 300,
        changed: 300,
      });
      const rows = await rowsOf(stages, snapshot.files);
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
    await withFirstRun("update", async (stages) => {
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
      // The catalog's lines, written for the plan, are gone.
      expect(readdirSync(join(dir, "update", "whole"))).toEqual(["records-0.parquet"]);
      const rows = await rowsOf(stages, chunked.files);
      expect(rows).toEqual(await rowsOf(stages, whole.files));
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
    });
  });

  it("writes one file per range of rids, each in rid order, with the rows of one file", async () => {
    // A 10^7-record update's rows sorted at once ran a 12 GB DuckDB out of memory: they are sorted a
    // range at a time (RIDS_PER_SNAPSHOT_FILE), each range its own file.
    await withFirstRun("split", async (stages, first) => {
      const later = [
        ...records.slice(0, 250).map((r, i) => (i % 7 === 3 ? { ...r, title: `${r.title} (Live)` } : r)),
        { ...(records[2] as SoundRecording), sr_id: "new-1" },
      ];
      const update = (name: string, ridsPerFile?: number) =>
        writeSnapshot(stages, later, join(dir, "split", name), { run: 2, incremental: true, ridsPerFile });
      const whole = await update("whole");
      const split = await update("split", 64);
      // Rids 0-249 kept, the new record at 300: files of 0-63, 64-127, 128-191, 192-255 and 256-319.
      expect(split.files.map((f) => f.slice(f.lastIndexOf("/") + 1))).toEqual(
        [0, 1, 2, 3, 4].map((k) => `records-${k}.parquet`),
      );
      expect(await rowsOf(stages, split.files)).toEqual(await rowsOf(stages, whole.files));
      for (const [k, file] of split.files.entries()) {
        const rids = (
          await stages.query(
            `SELECT rid FROM read_parquet('${file}', file_row_number = true) ORDER BY file_row_number`,
          )
        ).map((r) => Number(r.rid));
        expect(rids).toEqual([...rids].sort((x, y) => x - y));
        expect(rids.every((rid) => rid >= 64 * k && rid < 64 * (k + 1))).toBe(true);
      }
      const fresh = await writeSnapshot(stages, records, join(dir, "split", "fresh"), {
        run: 1,
        incremental: false,
        chunkSize: 50,
        ridsPerFile: 64,
      });
      expect(fresh.files).toHaveLength(5);
      expect(await rowsOf(stages, fresh.files)).toEqual(await rowsOf(stages, first.files));
    });
  });

  it("plans an update with each record's line, rids and change, not its fields", async () => {
    // The plan stays in DuckDB's memory while the snapshot is sorted: at 10^7 records the fields
    // beside that sort ran DuckDB out of a 12 GB limit.
    await withFirstRun("plan", async (stages) => {
      const later = [...records.slice(1), { ...(records[0] as SoundRecording), title: "Changed" }];
      mkdirSync(join(dir, "plan", "run-2"));
      const plan = await planUpdate(stages, later, join(dir, "plan", "run-2"));
      expect(plan).toMatchObject({ previousRun: 1, records: 300 });
      const columns = await stages.query(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'snapshot_plan' ORDER BY ordinal_position",
      );
      expect(columns.map((c) => c.column_name)).toEqual(["seq", "old_rid", "unchanged", "rid"]);
      const rows = await stages.query("SELECT seq, rid, unchanged FROM snapshot_plan WHERE NOT unchanged");
      expect(rows.map((r) => [Number(r.seq), Number(r.rid)])).toEqual([[299, 0]]);
    });
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
      expect(readdirSync(join(dir, "threads", "pool"))).toEqual(["records-0.parquet"]);
      expect(await rowsOf(stages, threaded.files)).toEqual(await rowsOf(stages, here.files));
    } finally {
      await pool.close();
      stages.close();
    }
  });
});
