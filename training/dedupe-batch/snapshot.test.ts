import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { prepareRecording, type SoundRecording } from "../../lambda/recording.ts";
import { blockKeys } from "../dedupe/blocking.ts";
import { dedupeKeys } from "../dedupe/keys.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { type RunPlan, writeSnapshot } from "./snapshot.ts";

// The snapshot prepares the changed records a chunk at a time, so that a catalog's prepared forms are
// never held at once: its rows must not depend on the chunk size, and each row must carry its own
// record's keys however the changed records are spread.
const dir = mkdtempSync(join(tmpdir(), "snapshot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sampleRecords(count: number): Promise<SoundRecording[]> {
  const catalog = await Catalog.open(readFileSync("data/db.db"));
  try {
    return [...catalog.all()].slice(0, count);
  } finally {
    catalog.close();
  }
}

/** The rows of a written snapshot, in rid order, as plain values. */
async function snapshotRows(plan: RunPlan, name: string, chunkSize: number) {
  const stages = await DuckDbStages.open(join(dir, name), { inMemory: true });
  try {
    const { parquet } = await writeSnapshot(stages, plan, join(dir, name), chunkSize);
    return await stages.query(
      `SELECT rid, sr_id, block_keys, minhash_buckets, minhash_low, changed FROM read_parquet('${parquet}') ORDER BY rid`,
    );
  } finally {
    stages.close();
  }
}

describe("writeSnapshot", () => {
  it("writes the same rows in chunks as in one, each with its own record's blocking keys", async () => {
    const records = await sampleRecords(300);
    // Every third record changed (a fresh run writes the changed ones), so chunks skip records.
    const plan: RunPlan = {
      run: 1,
      incremental: false,
      previousRun: 0,
      records,
      rids: Uint32Array.from(records, (_, i) => i),
      changed: records.map((_, i) => i % 3 === 1),
    };
    const whole = await snapshotRows(plan, "whole", 1_000);
    const chunked = await snapshotRows(plan, "chunked", 7);
    expect(whole).toHaveLength(100);
    expect(chunked).toEqual(whole);
    for (const row of chunked) {
      const record = records[Number(row.rid)] as SoundRecording;
      expect(row.sr_id).toBe(record.sr_id);
      expect(row.block_keys).toEqual(blockKeys(dedupeKeys(prepareRecording(record))));
    }
  });
});
