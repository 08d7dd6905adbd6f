/**
 * The catalog snapshot of a batch run (training/dedupe-batch/snapshot.ts: read the catalog, prepare
 * every record, write its row with blocking keys and MinHash rows, then DuckDB writes the Parquet),
 * with its chunks prepared in this thread (the baseline, as until session 54) and on worker threads
 * (the local engine's pool, `--threads` of `npm run dedupe` and `npm run dedupe:start`), alternating
 * in one process, `--rounds` times each. Prints each run's wall time, the part of it before DuckDB's
 * COPY (reading + preparing), and the load average.
 *
 *   npx tsx bench/snapshot-threads.ts [--db data/db.db] [--threads 2] [--rounds 2]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CatalogFile } from "../training/catalog-file.ts";
import { DuckDbStages } from "../training/dedupe-batch/duckdb-stages.ts";
import { writeSnapshot } from "../training/dedupe-batch/snapshot.ts";
import { ThreadPool } from "../training/dedupe-batch/thread-pool.ts";
import { fix, formatTable, int } from "./table.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/db.db" },
    threads: { type: "string", default: "2" },
    rounds: { type: "string", default: "2" },
  },
});
const threads = Number(values.threads);
const dir = mkdtempSync(join(tmpdir(), "snapshot-threads-"));
const stages = await DuckDbStages.open(dir, { threads: 2 });
const pool = new ThreadPool(threads, dir, readFileSync("data/model.json", "utf8"));
const rows: string[][] = [];
try {
  for (let round = 1; round <= Number(values.rounds); round++)
    for (const way of ["this thread (baseline)", `${threads} worker threads`]) {
      const started = performance.now();
      const catalog = CatalogFile.open(values.db);
      const snapshot = await writeSnapshot(stages, catalog.records(), join(dir, `${round}-${rows.length}`), {
        run: 1,
        incremental: false,
        writer: way.startsWith("this") ? undefined : pool.snapshotWriter(),
      });
      catalog.close();
      const seconds = (performance.now() - started) / 1000;
      for (const file of snapshot.files) rmSync(file);
      rows.push([
        String(round),
        way,
        int(snapshot.records),
        fix(seconds, 1),
        fix(snapshot.prepareSeconds, 1),
        readFileSync("/proc/loadavg", "utf8").split(" ")[0] ?? "",
      ]);
    }
} finally {
  await pool.close();
  stages.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${values.db}, ${new Date().toISOString()}`);
console.log(
  formatTable([["round", "prepared in", "records", "seconds", "read + prepare s", "load 1 min"], ...rows]),
);
