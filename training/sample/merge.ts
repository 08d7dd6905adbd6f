/**
 * Merges generated samples into one larger catalog, for scale runs past what the generator makes in
 * one process (at 5,107,000 pairs it ran out of memory at 18.4 GB); the command is merge-cli.ts.
 * Each sample directory is a `training/sample/cli.ts` output (db.db, groundtruth.csv,
 * sample-noise.csv), made with its own seed; only the real catalog's columns are merged (optional
 * columns are not carried). Records keep their order and get ids after the previous sample's; the
 * sr_ids of every sample after the first are suffixed with `-s<n>` (its place, from 1) in all three
 * files, so that two samples never share an id. Pairs stay within their sample: the merged labels
 * say nothing of a record of one sample against one of another.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { pairsCsv, readPairs } from "../csv.ts";
import { partialPath } from "../output-file.ts";
import { NOISE_FILE, noiseCsv, readNoise } from "./noise-file.ts";
import { CATALOG_COLUMNS } from "./write.ts";

/** The text after a CSV's header line. */
const body = (csv: string) => csv.slice(csv.indexOf("\n") + 1);

/**
 * Writes the merged catalog, groundtruth and noise file of `samples` into `out`; returns the record
 * count. Every sample is checked first, and the three files are written beside their final names and
 * renamed at the end, so a failed merge leaves `out` (and every sample) as it was. Throws an Error
 * naming a sample that lacks its files or an `out` that is one of the samples.
 */
export function mergeSamples(out: string, samples: readonly string[]): number {
  checkSamples(out, samples);
  mkdirSync(out, { recursive: true });
  const dbPath = join(out, "db.db");
  const groundtruth = join(out, "groundtruth.csv");
  const noise = join(out, NOISE_FILE);
  const files = [dbPath, groundtruth, noise];
  const removePartials = () => {
    for (const path of files) rmSync(partialPath(path), { force: true });
  };
  removePartials();
  const db = new Database(partialPath(dbPath));
  try {
    writeFileSync(partialPath(groundtruth), pairsCsv([]));
    writeFileSync(partialPath(noise), noiseCsv([]));
    db.pragma("journal_mode = OFF");
    db.exec(`CREATE TABLE soundrecording (\n  ${CATALOG_COLUMNS}\n)`);
    let offset = 0;
    samples.forEach((dir, place) => {
      const suffix = place === 0 ? "" : `-s${place}`;
      const id = (srId: string) => `${srId}${suffix}`;
      db.prepare("ATTACH ? AS part").run(join(dir, "db.db"));
      db.prepare(
        `INSERT INTO soundrecording SELECT id + ?, sr_id || ?, title, artists, isrcs, contributors
         FROM part.soundrecording ORDER BY id`,
      ).run(offset, suffix);
      offset += Number((db.prepare("SELECT max(id) AS m FROM part.soundrecording").get() as { m: number }).m);
      db.exec("DETACH part");
      const pairs = readPairs(join(dir, "groundtruth.csv")).map((p) => ({ ...p, q: id(p.q), m: id(p.m) }));
      appendFileSync(partialPath(groundtruth), body(pairsCsv(pairs)));
      const flipped = existsSync(join(dir, NOISE_FILE)) ? readNoise(join(dir, NOISE_FILE)) : undefined;
      const rows = [...(flipped?.values() ?? [])].map((r) => ({ ...r, q: id(r.q), m: id(r.m) }));
      appendFileSync(partialPath(noise), body(noiseCsv(rows)));
    });
    const records = Number((db.prepare("SELECT count(*) AS n FROM soundrecording").get() as { n: number }).n);
    db.close();
    for (const path of files) renameSync(partialPath(path), path);
    return records;
  } catch (error) {
    if (db.open) db.close();
    removePartials();
    throw error;
  }
}

/** Throws naming the first sample without a db.db or groundtruth.csv, or an `out` that is a sample. */
function checkSamples(out: string, samples: readonly string[]): void {
  if (samples.length === 0) throw new Error("no sample directories given");
  for (const dir of samples) {
    for (const file of ["db.db", "groundtruth.csv"])
      if (!existsSync(join(dir, file))) throw new Error(`sample ${dir} has no ${file}`);
    if (resolve(dir) === resolve(out))
      throw new Error(`--out ${out} is also a sample; choose another directory`);
  }
}
