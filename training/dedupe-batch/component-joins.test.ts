import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toDuckDb } from "./dialect.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { TABLES, WRITE_AFFECTED, WRITE_REPAIR_ROWS } from "./sql.ts";

/** Members of the one large component (label 0); the others are components of two records. */
const LARGE = 20_000;
const PAIRS_OF_TWO = 100_000;
const LINKED = LARGE + 2 * PAIRS_OF_TWO;

/** Rows of the records table (partitions excluded) for rids 0..n-1, placeholder values by type. */
function recordRows(n: number, run: number, changed = "false"): string {
  const values = { bigint: "range", int: "0", string: "'x'", boolean: "false" } as Record<string, string>;
  const columns = TABLES.records.columns.map(([name, type]) =>
    name === "rid" ? "range" : name === "changed" ? changed : (values[type] ?? "NULL"),
  );
  return `SELECT ${columns.join(", ")}, ${run} AS run FROM range(${n})`;
}

/** The joins of DuckDB's plan of a stage, each as its type and conditions ("INNER label = label"). */
async function joins(stages: DuckDbStages, sql: string, params: number[]): Promise<string[]> {
  const rows = await stages.query(`EXPLAIN (FORMAT json) ${toDuckDb(sql)}`, params);
  type Node = { name: string; children: Node[]; extra_info: Record<string, unknown> };
  const found: string[] = [];
  const walk = (node: Node) => {
    const { "Join Type": type, Conditions: conditions } = node.extra_info;
    if (type) found.push(`${type} ${[conditions].flat().join(" AND ")}`);
    node.children.forEach(walk);
  };
  for (const row of rows) (JSON.parse(String(row.explain_value)) as Node[]).forEach(walk);
  return found;
}

describe("the repair rows of one component of 20,000 records", () => {
  const dir = mkdtempSync(join(tmpdir(), "component-joins-"));
  let stages: DuckDbStages;
  beforeAll(async () => {
    stages = await DuckDbStages.open(dir, { inMemory: true, threads: 2 });
    // Label 0 for the large component's members, rid - rid % 2 for the pairs after them.
    const label = `CASE WHEN range < ${LARGE} THEN 0 ELSE range - range % 2 END`;
    await stages.query(`INSERT INTO labels SELECT range, ${label}, 1, 3 FROM range(${LINKED})`);
    await stages.query(`INSERT INTO records ${recordRows(LINKED + 1_000_000, 1)}`);
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
    const plan = await joins(stages, WRITE_REPAIR_ROWS.sql, params);
    expect(plan.length).toBeGreaterThan(2);
    expect(plan).not.toContainEqual(expect.stringMatching(/^INNER .*label = label/));
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

describe("the affected records of a daily run, one change in a component of 20,000 records", () => {
  const dir = mkdtempSync(join(tmpdir(), "component-joins-"));
  let stages: DuckDbStages;
  beforeAll(async () => {
    stages = await DuckDbStages.open(dir, { inMemory: true, threads: 2 });
    // Yesterday's components: the large one (0) and the pairs after it; today a member of the large one
    // and a member of one pair changed.
    const component = `CASE WHEN range < ${LARGE} THEN 0 ELSE range - range % 2 END`;
    await stages.query(`INSERT INTO components SELECT range, ${component}, 1 FROM range(${LINKED})`);
    await stages.query(`INSERT INTO records ${recordRows(LINKED, 1)}`);
    await stages.query(`INSERT INTO records ${recordRows(LINKED, 2, `range IN (5, ${LARGE + 10})`)}`);
  });
  afterAll(() => {
    stages.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds the changed records' components without joining the components with themselves", async () => {
    const values = { run: 2, previousRun: 1 } as Record<string, number>;
    const params = WRITE_AFFECTED.params.map((p) => values[p] as number);
    const plan = await joins(stages, WRITE_AFFECTED.sql, params);
    expect(plan.length).toBeGreaterThan(2);
    expect(plan).not.toContainEqual(expect.stringMatching(/^INNER .*component = component/));
    await stages.run(WRITE_AFFECTED, values);
    const [row] = await stages.query("SELECT count(*) AS n FROM affected WHERE run = 2");
    expect(Number(row?.n)).toBe(LARGE + 2);
  });
});
