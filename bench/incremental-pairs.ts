/**
 * What a daily (incremental) run of the batch engine scores, against a fresh run of the same changed
 * catalog made in the same process (the baseline): the first N records of a catalog deduplicated,
 * then every M-th record deleted and every M-th (offset by 4) given a `(Live)` title, updated
 * incrementally with the default search (MinHash):
 *
 *   npx tsx bench/incremental-pairs.ts [--db data/db.db] [--records 20000] [--every 1000]
 *
 * Prints the pairs the update scored (touching a changed record, or two unchanged records the last
 * run did not score), the fresh run's pairs the update left unscored, the carried pairs a fresh run
 * would no longer propose, and whether the clusters are the fresh run's. The cost model
 * (bench/dedupe-cost.ts) reads the share of unchanged pairs from such a run.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Catalog } from "../lambda/catalog.ts";
import { parseModel } from "../lambda/model.ts";
import type { SoundRecording } from "../lambda/recording.ts";
import { clusterSets, scoredPairIds } from "../training/dedupe/run-sets.ts";
import { DuckDbStages } from "../training/dedupe-batch/duckdb-stages.ts";
import { runBatchDedupe } from "../training/dedupe-batch/engine.ts";
import { formatTable, int } from "./table.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/db.db" },
    model: { type: "string", default: "data/model.json" },
    records: { type: "string", default: "20000" },
    every: { type: "string", default: "1000" },
  },
});
const every = Number(values.every);
const model = parseModel(readFileSync(values.model, "utf8"));
const catalog = await Catalog.open(readFileSync(values.db));
const before = [...catalog.all()].slice(0, Number(values.records));
catalog.close();
const after: SoundRecording[] = before
  .map((r, i) => (i % every === 11 % every ? { ...r, title: `${r.title} (Live)` } : r))
  .filter((_, i) => i % every !== 7 % every);

const dir = mkdtempSync(join(tmpdir(), "incremental-pairs-"));
try {
  const options = { threads: 2, shards: 8 };
  await runBatchDedupe(before, model, { ...options, dir: join(dir, "update") });
  const updated = await runBatchDedupe(after, model, {
    ...options,
    dir: join(dir, "update"),
    incremental: true,
  });
  const fresh = await runBatchDedupe(after, model, { ...options, dir: join(dir, "fresh") });
  const stages = await DuckDbStages.open(join(dir, "update"));
  const [scored] = await stages.query(
    `SELECT count(*) AS n, count(*) FILTER (WHERE ra.changed OR rb.changed) AS touching
     FROM candidates c JOIN records ra ON ra.rid = c.a AND ra.run = c.run JOIN records rb ON rb.rid = c.b AND rb.run = c.run
     WHERE c.run = 2 AND c.carry = 0`,
  );
  stages.close();
  const kept = scoredPairIds(updated);
  const proposed = scoredPairIds(fresh);
  const updatedClusters = clusterSets(updated);
  const n = Number(scored?.n);
  const touching = Number(scored?.touching);
  console.log(
    `${int(before.length)} records; the update: ${int(before.length - after.length)} deleted, ${int(updated.changedRecords)} changed\n`,
  );
  console.log(
    formatTable([
      ["figure", "pairs"],
      ["update scored: touching a changed record", int(touching)],
      ["update scored: two unchanged records the last run did not score", int(n - touching)],
      ["fresh run (baseline): candidate pairs", int(proposed.size)],
      ["fresh run's pairs the update left unscored", int([...proposed].filter((p) => !kept.has(p)).length)],
      [
        "update's pairs a fresh run no longer proposes (carried)",
        int([...kept].filter((p) => !proposed.has(p)).length),
      ],
      [
        "clusters of the fresh run the update lacks",
        int([...clusterSets(fresh)].filter((c) => !updatedClusters.has(c)).length),
      ],
    ]),
  );
  console.log(
    `\nunchanged pairs per touching pair: ${(touching ? (n - touching) / touching : Number.NaN).toFixed(2)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
