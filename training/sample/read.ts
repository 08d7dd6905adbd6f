/**
 * Reads a catalog in the real format (db.db + groundtruth.csv) back into memory.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import initSqlJs from "sql.js";
import type { LabelledPair, SampleRecord } from "./types.ts";

/** The records of `dir/db.db` in id order and the pairs of `dir/groundtruth.csv` in file order. */
export async function readSample(dir: string): Promise<{ records: SampleRecord[]; pairs: LabelledPair[] }> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(await readFile(join(dir, "db.db")));
  const records: SampleRecord[] = [];
  try {
    const stmt = db.prepare(
      "SELECT id, sr_id, title, artists, isrcs, contributors FROM soundrecording ORDER BY id",
    );
    while (stmt.step()) records.push(stmt.getAsObject() as unknown as SampleRecord);
    stmt.free();
  } finally {
    db.close();
  }
  const rows = parse(await readFile(join(dir, "groundtruth.csv"), "utf8"), { columns: true }) as Array<
    Record<string, string>
  >;
  const pairs = rows.map((r): LabelledPair => {
    const tag = r.tag;
    if (tag !== "valid" && tag !== "invalid") throw new TypeError(`bad tag ${String(tag)}`);
    return { q: r.q_source_id ?? "", m: r.m_source_id ?? "", tag };
  });
  return { records, pairs };
}
