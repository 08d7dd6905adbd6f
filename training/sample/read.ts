/**
 * Reads a catalog in the real format (db.db + groundtruth.csv) back into memory.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { readPairs } from "../csv.ts";
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
  const pairs = readPairs(join(dir, "groundtruth.csv")).map(({ q, m, tag }): LabelledPair => {
    if (!tag) throw new TypeError(`${dir}/groundtruth.csv: pair ${q},${m} has no tag`);
    return { q, m, tag };
  });
  return { records, pairs };
}
