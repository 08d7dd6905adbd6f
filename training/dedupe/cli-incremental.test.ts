import { execFile } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";
import initSqlJs from "sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSmallSample } from "../sample-fixture.ts";

// `npm run dedupe -- --engine duckdb --incremental` as a user runs it: a full run, one record's title
// edited in the catalog file, then an incremental run on the same --out.
const run = promisify(execFile);
const dedupe = (args: string[]) =>
  run(process.execPath, ["--import", "tsx", "training/dedupe/cli.ts", "--threads", "1", ...args]);
let dir: string;
let edited: string;
let stdout: string;
let before: Map<string, string>;
let after: Map<string, string>;

const clusters = (file: string) =>
  new Map(
    (parse(readFileSync(file), { columns: true }) as { sr_id: string; cluster_id: string }[]).map((r) => [
      r.sr_id,
      r.cluster_id,
    ]),
  );

beforeAll(async () => {
  dir = await writeSmallSample(600, 5);
  const out = join(dir, "out");
  await dedupe(["--engine", "duckdb", "--db", join(dir, "db.db"), "--out", out]);
  before = clusters(join(out, "clusters.csv"));
  copyFileSync(join(dir, "db.db"), join(dir, "db2.db"));
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(join(dir, "db2.db")));
  edited = String(
    db.exec("SELECT sr_id FROM soundrecording ORDER BY id LIMIT 1 OFFSET 10")[0]?.values[0]?.[0],
  );
  db.run("UPDATE soundrecording SET title = title || ' (Karaoke Version)' WHERE sr_id = ?", [edited]);
  writeFileSync(join(dir, "db2.db"), db.export());
  db.close();
  ({ stdout } = await dedupe([
    "--engine",
    "duckdb",
    "--db",
    join(dir, "db2.db"),
    "--out",
    out,
    "--incremental",
  ]));
  after = clusters(join(out, "clusters.csv"));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run dedupe -- --engine duckdb --incremental", () => {
  it("updates the last run with the one edited record and says so", () => {
    expect(stdout).toMatch(
      /incremental run 2: 1 of \d+ records new or changed, \d+ in components clustered again/,
    );
    expect(new Set(after.keys())).toEqual(new Set(before.keys()));
    const { incremental } = JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8"));
    expect(incremental).toMatchObject({ run: 2, changedRecords: 1 });
    expect(incremental.reclusteredRecords).toBeGreaterThanOrEqual(1);
    expect(incremental.reclusteredRecords).toBeLessThan(before.size / 10);
  });

  it("keeps the cluster id of every record whose cluster did not change", () => {
    const untouched = [...before.keys()].filter(
      (id) => id !== edited && before.get(id) !== before.get(edited),
    );
    expect(untouched.length).toBeGreaterThan(100);
    const kept = untouched.filter((id) => after.get(id) === before.get(id));
    expect(kept.length).toBe(untouched.length);
  });

  it("gives DuckDB the --duckdb-memory limit, and ends in one line when a stage runs out of it", async () => {
    const failure = await dedupe([
      ...["--engine", "duckdb", "--db", join(dir, "db.db"), "--out", join(dir, "tiny")],
      ...["--duckdb-memory", "1MB"],
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const { stderr } = failure as { stderr: string };
    expect(stderr).toMatch(/^dedupe: the duckdb engine's run failed: .*Out of Memory Error/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses --incremental on the in-memory engine", async () => {
    await expect(
      dedupe(["--db", join(dir, "db.db"), "--out", join(dir, "m"), "--incremental"]),
    ).rejects.toThrow(/add --engine duckdb/);
  });
});
