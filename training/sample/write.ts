/**
 * Writes a sample in the real catalog's format: `db.db` (SQLite via sql.js, one table
 * `soundrecording`) and `groundtruth.csv` (`q_source_id,m_source_id,tag`, UTF-8, minimal quoting).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { pairsCsv } from "../csv.ts";
import type { LabelledPair, SampleRecord } from "./types.ts";

const SCHEMA = `CREATE TABLE soundrecording (
  id INTEGER PRIMARY KEY,
  sr_id TEXT UNIQUE,
  title TEXT,
  artists TEXT,
  isrcs TEXT,
  contributors TEXT
)`;

/** The bytes of a SQLite database holding `records`. */
export async function catalogDb(records: readonly SampleRecord[]): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    db.run(SCHEMA);
    db.run("BEGIN");
    const stmt = db.prepare(
      "INSERT INTO soundrecording (id, sr_id, title, artists, isrcs, contributors) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (const r of records) stmt.run([r.id, r.sr_id, r.title, r.artists, r.isrcs, r.contributors]);
    stmt.free();
    db.run("COMMIT");
    return db.export();
  } finally {
    db.close();
  }
}

/** Writes `dir/db.db` and `dir/groundtruth.csv` (creating `dir`), replacing existing files. */
export async function writeSample(
  dir: string,
  sample: { records: readonly SampleRecord[]; pairs: readonly LabelledPair[] },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "db.db"), await catalogDb(sample.records));
  await writeFile(join(dir, "groundtruth.csv"), pairsCsv(sample.pairs), "utf8");
}
