import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbStages } from "./duckdb-stages.ts";

describe("DuckDbStages.typedColumns", () => {
  const dir = mkdtempSync(join(tmpdir(), "duckdb-stages-"));
  let stages: DuckDbStages;
  beforeAll(async () => {
    stages = await DuckDbStages.open(dir, { inMemory: true });
  });
  afterAll(() => {
    stages.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads every row of a result spanning many chunks, BIGINT and DOUBLE columns alike", async () => {
    // 10,000 rows: five of DuckDB's 2,048-row chunks, and past the reader's first capacity (1,024).
    const [ids, halves, signed] = await stages.typedColumns(
      "SELECT range AS id, range / 2 AS half, 5000 - range AS signed FROM range(?) ORDER BY range",
      [10_000],
      [Uint32Array, Float32Array, Int32Array],
    );
    expect(ids).toBeInstanceOf(Uint32Array);
    expect([ids.length, halves.length, signed.length]).toEqual([10_000, 10_000, 10_000]);
    expect([ids[0], ids[2048], ids[9999]]).toEqual([0, 2048, 9999]);
    expect([halves[1], halves[9999]]).toEqual([0.5, 4999.5]);
    expect([signed[0], signed[9999]]).toEqual([5000, -4999]);
  });

  it("gives empty arrays for an empty result", async () => {
    const [a, b] = await stages.typedColumns(
      "SELECT range AS a, range AS b FROM range(0)",
      [],
      [Uint32Array, Uint32Array],
    );
    expect([a.length, b.length]).toEqual([0, 0]);
  });
});
