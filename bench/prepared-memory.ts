/**
 * How much heap one prepared recording holds: every record of a catalog read, then prepared, with a
 * full GC before each measure. Prints the rows as read (the baseline, same run) beside their prepared
 * forms, per record. An embedded catalog keeps every prepared record in memory, and so does the
 * dedupe job, so this is the figure a catalog's size multiplies.
 *
 *   node --expose-gc --import tsx bench/prepared-memory.ts [--db data/db.db]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Catalog } from "../lambda/catalog.ts";
import { prepareRecording } from "../lambda/recording.ts";

const { values } = parseArgs({ options: { db: { type: "string", default: "data/db.db" } } });
const gc = globalThis.gc;
if (!gc) throw new TypeError("run with node --expose-gc");

const catalog = await Catalog.open(readFileSync(values.db));
const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const empty = heap();
const raw = [...catalog.all()];
const read = heap();
const prepared = raw.map(prepareRecording);
const after = heap();
const perRecord = (bytes: number) => Math.round(bytes / raw.length).toLocaleString("en");
console.log(`${prepared.length.toLocaleString("en")} records of ${values.db}, heap bytes per record:`);
console.log(`  rows as read (baseline): ${perRecord(read - empty)}`);
console.log(`  prepared forms:          ${perRecord(after - read)}`);
console.log(`  prepared / read:         ${((after - read) / (read - empty)).toFixed(2)}`);
