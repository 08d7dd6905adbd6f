import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetMetadata } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_RECORDS } from "../../lambda/catalog-fixture.ts";
import { modelFixture } from "../../lambda/model-fixture.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { pairShardOf, readPairShard, scoreShard, toJsonLines } from "./shard-worker.ts";

// Pair shards as the local engine and Athena write them (Parquet) against the same rows as JSON lines.
let dir: string;
let stages: DuckDbStages;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pair-shard-"));
  stages = await DuckDbStages.open(dir, { inMemory: true });
});

afterAll(() => {
  stages.close();
  rmSync(dir, { recursive: true, force: true });
});

const prefixed = (prefix: string, record: object) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [`${prefix}${k}`, v]));

/**
 * 5,000 pairs of the example records (rid = the record's index), both records' fields on each row,
 * `sources` numbering the rows: more rows than DuckDB puts in one row group of the size asked for.
 */
const rows = Array.from({ length: 5_000 }, (_, k) => {
  const a = k % EXAMPLE_RECORDS.length;
  const b = (a + 1 + (k % 4)) % EXAMPLE_RECORDS.length;
  return {
    a,
    b,
    sources: k,
    ...prefixed("a_", EXAMPLE_RECORDS[a] as object),
    ...prefixed("b_", EXAMPLE_RECORDS[b] as object),
  };
});

/** The rows as a ZSTD Parquet file of row groups of `rowGroupSize` rows. */
async function parquet(rowGroupSize: number): Promise<Uint8Array> {
  writeFileSync(join(dir, "rows.json"), toJsonLines(rows));
  const file = join(dir, `shard-${rowGroupSize}.parquet`);
  await stages.toParquet(join(dir, "rows.json"), "pair_shards", file, { compression: "ZSTD", rowGroupSize });
  return readFileSync(file);
}

describe("readPairShard", () => {
  it("reads a Parquet shard of several row groups as the rows written, each value in its row", async () => {
    const bytes = await parquet(2048);
    expect(parquetMetadata(new Uint8Array(bytes).buffer).row_groups.length).toBeGreaterThan(1);
    const shard = await readPairShard(bytes);
    expect(shard.rows).toBe(rows.length);
    for (const name of ["a", "b", "sources", "a_sr_id", "b_title", "b_contributors"])
      expect(Array.from(shard.column(name), (v) => (typeof v === "bigint" ? Number(v) : v))).toEqual(
        rows.map((r) => (r as Record<string, unknown>)[name] ?? null),
      );
  });

  it("scores a Parquet shard as the same rows read from JSON lines", async () => {
    const model = modelFixture();
    const fromJson = scoreShard(pairShardOf(rows), model);
    expect(scoreShard(await readPairShard(await parquet(2048)), model)).toEqual(fromJson);
    expect(scoreShard(await readPairShard(new TextEncoder().encode(toJsonLines(rows))), model)).toEqual(
      fromJson,
    );
    expect(fromJson.map((r) => [r.a, r.b, r.sources])).toEqual(rows.map((r) => [r.a, r.b, r.sources]));
  });
});
