/**
 * Reading every record of a catalog file once, the two ways the code can: sql.js (the API's catalog:
 * the whole file in memory, the records gathered into one array, as the offline jobs did until
 * session 53) against CatalogFile (better-sqlite3, a stream of records, none kept; `npm run dedupe`
 * and `npm run dedupe:start` since session 53). Each way runs in its own child process, the sql.js way
 * first as the baseline of the same run; prints wall time, peak RSS (getrusage) and the heap the
 * records hold after a full GC.
 *
 *   npx tsx bench/catalog-read.ts [--db data/db.db]
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Catalog } from "../lambda/catalog.ts";
import type { SoundRecording } from "../lambda/recording.ts";
import { CatalogFile } from "../training/catalog-file.ts";
import { fix, formatTable, int } from "./table.ts";

const { values } = parseArgs({
  options: { db: { type: "string", default: "data/db.db" }, way: { type: "string" } },
});

/** What one way of reading measured, in its own process. */
interface Reading {
  records: number;
  seconds: number;
  peakRssMb: number;
  heapAfterMb: number;
}

async function read(way: string, db: string): Promise<Reading> {
  const started = performance.now();
  let records = 0;
  let held: SoundRecording[] = [];
  if (way === "sqljs") {
    const catalog = await Catalog.open(readFileSync(db));
    held = [...catalog.all()];
    records = held.length;
    catalog.close();
  } else {
    const file = CatalogFile.open(db);
    for (const record of file.records()) if (record.sr_id !== undefined) records++;
    file.close();
  }
  const seconds = (performance.now() - started) / 1000;
  (globalThis.gc as () => void)();
  const heapAfterMb = process.memoryUsage().heapUsed / 2 ** 20;
  // The array stays referenced past the measure, so that its records count in the heap.
  if (held.length > 0 && held.length !== records) throw new Error("records lost");
  return { records, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, heapAfterMb };
}

if (values.way) {
  process.stdout.write(JSON.stringify(await read(values.way, values.db)));
} else {
  const ways = [
    ["sql.js, every record in an array (baseline)", "sqljs"],
    ["CatalogFile, a stream", "stream"],
  ] as const;
  const rows = ways.map(([name, way]) => {
    const out = execFileSync(
      process.execPath,
      [
        "--expose-gc",
        "--max-old-space-size=16384",
        "--import",
        "tsx",
        "bench/catalog-read.ts",
        "--db",
        values.db,
        "--way",
        way,
      ],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    const r = JSON.parse(out) as Reading;
    return [name, int(r.records), fix(r.seconds, 1), int(r.peakRssMb), int(r.heapAfterMb)];
  });
  console.log(`${values.db}, ${new Date().toISOString()}`);
  console.log(formatTable([["way", "records", "seconds", "peak RSS MB", "heap after GC MB"], ...rows]));
}
