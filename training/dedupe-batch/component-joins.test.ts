import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toDuckDb } from "./dialect.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { TABLES, WRITE_REPAIR_ROWS } from "./sql.ts";

/** Members of the one large component (label 0); the others are components of two records. */
const LARGE = 20_000;
const PAIRS_OF_TWO = 100_000;
const LINKED = LARGE + 2 * PAIRS_OF_TWO;

/** Rows of a table's columns (partitions excluded) for rids 0..n-1, placeholder values by type. */
function recordRows(n: number): string {
  const values = { bigint: "range", int: "0", string: "'x'", boolean: "true" } as Record<string, string>;
  const columns = TABLES.records.columns.map(([name, type]) =>
    name === "rid" ? "range" : (values[type] ?? "NULL"),
  );
  return `SELECT ${columns.join(", ")}, 1 AS run FROM range(${n})`;
}

/** DuckDB's plan of a stage as EXPLAIN prints it (each join with its conditions). */
async function explain(stages: DuckDbStages, sql: string, params: number[]): Promise<string> {
  const rows = await stages.query(`EXPLAIN ${toDuckDb(sql)}`, params);
  return rows.map((row) => String(row.explain_value)).join("\n");
}

describe("the repair rows of one component of 20,000 records", () => {
  const dir = mkdtempSync(join(tmpdir(), "component-joins-"));
  let stages: DuckDbStages;
  beforeAll(async () => {
    stages = await DuckDbStages.open(dir, { inMemory: true, threads: 2 });
    // Label 0 for the large component's members, rid - rid % 2 for the pairs after them.
    const label = `CASE WHEN range < ${LARGE} THEN 0 ELSE range - range % 2 END`;
    await stages.query(`INSERT INTO labels SELECT range, ${label}, 1, 3 FROM range(${LINKED})`);
    await stages.query(`INSERT INTO records ${recordRows(LINKED + 1_000_000)}`);
    // A chain through the large component, each pair of two, and a million pairs of unlinked records.
    await stages.query(
      `INSERT INTO scored_pairs SELECT range, range + 1, 0.9, 1, 1 FROM range(${LARGE - 1})`,
    );
    await stages.query(
      `INSERT INTO scored_pairs SELECT ${LARGE} + 2 * range, ${LARGE} + 2 * range + 1, 0.9, 1, 1 FROM range(${PAIRS_OF_TWO})`,
    );
    await stages.query(
      `INSERT INTO scored_pairs SELECT ${LINKED} + range, ${LINKED} + range + 1, 0.2, 1, 1 FROM range(1000000)`,
    );
  });
  afterAll(() => {
    stages.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the repair rows without joining the labels with themselves on the label (every pair of members)", async () => {
    const values = { run: 1, iter: 3, shards: 16 } as Record<string, number>;
    const params = WRITE_REPAIR_ROWS.params.map((p) => values[p] as number);
    expect(await explain(stages, WRITE_REPAIR_ROWS.sql, params)).not.toMatch(/label = label/);
    await stages.run(WRITE_REPAIR_ROWS, values);
    const [kinds] = await stages.query(
      "SELECT count(*) FILTER (kind = 'm') AS members, count(*) FILTER (kind = 'p') AS pairs, count(*) FILTER (kind = 'p' AND component = 0) AS large FROM repair_rows_staged",
    );
    expect([kinds?.members, kinds?.pairs, kinds?.large].map(Number)).toEqual([
      LINKED,
      LARGE - 1 + PAIRS_OF_TWO,
      LARGE - 1,
    ]);
  });
});
