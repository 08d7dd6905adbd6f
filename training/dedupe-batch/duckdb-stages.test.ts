import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbStages } from "./duckdb-stages.ts";
import { TABLES } from "./sql.ts";

/** A query of `rows` pair-shard rows of the run given as its parameter, dealt round-robin over `shards`. */
function pairShardRows(rows: number, shards: number): string {
  const values = { bigint: "range", int: "0", string: "'x' || range", double: "0.5" } as const;
  const columns = TABLES.pair_shards.columns.map(([, type]) => values[type as keyof typeof values]);
  return `SELECT ${columns.join(", ")}, ? AS run, CAST(range % ${shards} AS INTEGER) AS shard FROM range(${rows})`;
}

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

describe("DuckDbStages: the pair shards' export", () => {
  const dir = mkdtempSync(join(tmpdir(), "duckdb-export-"));
  let stages: DuckDbStages;
  beforeAll(async () => {
    stages = await DuckDbStages.open(dir, { inMemory: true, threads: 2 });
    // Fewer open files than shards, as DuckDB's default 100 against 1,000 shards at 10^7 records, and
    // a flush every 1,000 rows instead of 524,288, so that 50,000 rows flush as often as 10^7 do.
    await stages.query("SET partitioned_write_max_open_files = 2");
    await stages.query("SET partitioned_write_flush_threshold = 1000");
  });
  afterAll(() => {
    stages.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes one Parquet file per shard when there are more shards than files DuckDB keeps open", async () => {
    // 50,000 pairs dealt round-robin over 7 shards: every chunk DuckDB writes holds every shard.
    await stages.run(
      {
        name: "write_shards",
        sql: `INSERT INTO pair_shards ${pairShardRows(50_000, 7)}`,
        params: ["run"],
      },
      { run: 3 },
    );
    const runDir = join(stages.tableDir("pair_shards"), "run=3");
    const shards = readdirSync(runDir).sort();
    expect(shards).toEqual([0, 1, 2, 3, 4, 5, 6].map((s) => `shard=${s}`));
    expect(shards.map((shard) => readdirSync(join(runDir, shard)))).toEqual(
      shards.map(() => ["data_0.parquet"]),
    );
    const [counts] = await stages.query(
      `SELECT count(*) AS rows, count(*) FILTER (WHERE a % 7 <> shard) AS wrong FROM read_parquet('${runDir}/*/*.parquet', hive_partitioning = true)`,
    );
    expect([Number(counts?.rows), Number(counts?.wrong)]).toEqual([50_000, 0]);
  });
});

describe("DuckDbStages.run", () => {
  const dir = mkdtempSync(join(tmpdir(), "duckdb-run-"));
  let stages: DuckDbStages;
  beforeAll(async () => {
    stages = await DuckDbStages.open(dir, { inMemory: true, threads: 2 });
  });
  afterAll(() => {
    stages.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs stages started together (a Map's iterations) one after another, each with its export", async () => {
    const ended: string[] = [];
    stages.onStage = (name) => ended.push(name);
    const write = stages.run(
      {
        name: "write",
        sql: `INSERT INTO pair_shards ${pairShardRows(100_000, 50)}`,
        params: ["run"],
      },
      { run: 4 },
    );
    const count = stages.run(
      { name: "count", sql: "SELECT count(*) AS n FROM pair_shards WHERE run = ?", params: ["run"] },
      { run: 4 },
    );
    const [, rows] = await Promise.all([write, count]);
    expect(ended).toEqual(["write", "count"]);
    expect(Number(rows[0]?.n)).toBe(100_000);
    expect(readdirSync(join(stages.tableDir("pair_shards"), "run=4"))).toHaveLength(50);
  });
});

describe("DuckDbStages.open", () => {
  const dir = mkdtempSync(join(tmpdir(), "duckdb-open-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("rebuilds the blocking keys' table an earlier version made with string keys, and keeps the other tables", async () => {
    const columns = async (stages: DuckDbStages, table: string) =>
      (
        await stages.query(
          `SELECT column_name || ' ' || data_type AS c FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`,
        )
      ).map((row) => row.c);
    const first = await DuckDbStages.open(dir);
    await first.query("DROP TABLE record_keys");
    await first.query(
      "CREATE TABLE record_keys (rid BIGINT, rule_name VARCHAR, block VARCHAR, probe BOOLEAN, run BIGINT)",
    );
    await first.query("INSERT INTO scored_pairs (a, b, p, sources, run) VALUES (1, 2, 0.9, 1, 1)");
    first.close();
    const again = await DuckDbStages.open(dir);
    try {
      expect(await columns(again, "record_keys")).toEqual([
        "rid BIGINT",
        "bit INTEGER",
        "block BIGINT",
        "probe BOOLEAN",
        "run BIGINT",
      ]);
      expect((await again.query("SELECT count(*) AS n FROM scored_pairs"))[0]?.n).toBe(1n);
    } finally {
      again.close();
    }
  });
});
