/**
 * Writes a sample in the real catalog's format: `db.db` (SQLite via sql.js, one table
 * `soundrecording`) and `groundtruth.csv` (`q_source_id,m_source_id,tag`, UTF-8, minimal quoting),
 * plus `sample-noise.csv`, the labels flipped on purpose. With `optionalColumns` the table also gets
 * `album`, `duration_ms` and `year` (NULL where the source gives none); by default it keeps the
 * real four-field format.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { pairsCsv } from "../csv.ts";
import { NOISE_FILE, noiseCsv, noiseRows } from "./noise-file.ts";
import type { LabelledPair, OptionalFields, PairMeta, SampleRecord } from "./types.ts";

/** The real catalog's `soundrecording` columns, as its CREATE TABLE names them. */
export const CATALOG_COLUMNS = `id INTEGER PRIMARY KEY,
  sr_id TEXT UNIQUE,
  title TEXT,
  artists TEXT,
  isrcs TEXT,
  contributors TEXT`;
const OPTIONAL = `,
  album TEXT,
  duration_ms INTEGER,
  year INTEGER`;

/** The bytes of a SQLite database holding `records`, with the optional columns when `optional` is given. */
export async function catalogDb(
  records: readonly SampleRecord[],
  optional?: readonly OptionalFields[],
): Promise<Uint8Array> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    db.run(`CREATE TABLE soundrecording (\n  ${CATALOG_COLUMNS}${optional ? OPTIONAL : ""}\n)`);
    db.run("BEGIN");
    const names = "id, sr_id, title, artists, isrcs, contributors";
    const stmt = optional
      ? db.prepare(
          `INSERT INTO soundrecording (${names}, album, duration_ms, year) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
      : db.prepare(`INSERT INTO soundrecording (${names}) VALUES (?, ?, ?, ?, ?, ?)`);
    records.forEach((r, i) => {
      const row = [r.id, r.sr_id, r.title, r.artists, r.isrcs, r.contributors];
      const o = optional?.[i];
      stmt.run(optional ? [...row, o?.album ?? null, o?.duration_ms ?? null, o?.year ?? null] : row);
    });
    stmt.free();
    db.run("COMMIT");
    return db.export();
  } finally {
    db.close();
  }
}

/** What writeSample needs of a sample; `meta` and `optional` are used when present. */
export interface WritableSample {
  records: readonly SampleRecord[];
  pairs: readonly LabelledPair[];
  meta?: readonly PairMeta[];
  optional?: readonly OptionalFields[];
}

/**
 * Writes `dir/db.db`, `dir/groundtruth.csv` and, when the sample has pair kinds, `dir/sample-noise.csv`
 * (creating `dir`), replacing existing files. `optionalColumns` adds album, duration_ms and year.
 */
export async function writeSample(
  dir: string,
  sample: WritableSample,
  { optionalColumns = false }: { optionalColumns?: boolean } = {},
): Promise<void> {
  if (optionalColumns && !sample.optional)
    throw new TypeError("this sample has no optional columns to write");
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "db.db"),
    await catalogDb(sample.records, optionalColumns ? sample.optional : undefined),
  );
  await writeFile(join(dir, "groundtruth.csv"), pairsCsv(sample.pairs), "utf8");
  if (sample.meta)
    await writeFile(
      join(dir, NOISE_FILE),
      noiseCsv(noiseRows({ pairs: sample.pairs, meta: sample.meta })),
      "utf8",
    );
}
