/**
 * Label propagation on a local batch run's own links: the shipped PROPAGATE (jumps and hooks) against
 * plain min-label propagation (the baseline, until session 60), each looped with COUNT_CHANGED until
 * no label changes, as the state machine does, into a spare run number of the work directory's
 * DuckDB database (removed after). Prints steps and seconds of each, and how many final labels
 * differ from the run's own components (0: the same clusters).
 *
 *   npx tsx bench/propagation-steps.ts --work DIR/batch-work [--memory 12GB] [--no-baseline]
 */
import { parseArgs } from "node:util";
import { DuckDbStages } from "../training/dedupe-batch/duckdb-stages.ts";
import {
  COUNT_CHANGED,
  INIT_LABELS,
  PROPAGATE,
  PROPAGATION_INPUTS,
  type SqlStage,
} from "../training/dedupe-batch/sql.ts";
import { formatTable } from "./table.ts";

/** Each record takes the smallest label among itself and its links: one link further per step. */
const PLAIN: SqlStage = {
  ...PROPAGATE,
  sql: `INSERT INTO labels
WITH ${PROPAGATION_INPUTS}
SELECT c.rid, least(c.label, coalesce(min(n.label), c.label)) AS label, CAST(? AS BIGINT) AS run, CAST(? AS INTEGER) AS iter
FROM cur c LEFT JOIN edges e ON e.src = c.rid LEFT JOIN cur n ON n.rid = e.dst
GROUP BY c.rid, c.label`,
};

const { values } = parseArgs({
  options: {
    work: { type: "string" },
    memory: { type: "string", default: "12GB" },
    "no-baseline": { type: "boolean", default: false },
  },
});
if (!values.work) throw new Error("--work DIR/batch-work is required (a local batch run's work directory)");

const stages = await DuckDbStages.open(values.work, { memoryLimit: values.memory, threads: 2 });
const [last] = await stages.query("SELECT max(run) AS run FROM components");
const source = Number(last?.run);
if (!Number.isFinite(source)) throw new Error(`${values.work} holds no finished run (no components)`);
const [links] = await stages.query("SELECT count(*) AS n FROM links WHERE run = ?", [source]);
/** Spare run numbers, far past any run the engine writes. */
const SPARE = 1_000_000;

const clear = async (run: number) => {
  await stages.query("DELETE FROM links WHERE run = ?", [run]);
  await stages.query("DELETE FROM labels WHERE run = ?", [run]);
};

async function propagate(stage: SqlStage, run: number) {
  await clear(run);
  await stages.query(`INSERT INTO links SELECT a, b, ${run} FROM links WHERE run = ?`, [source]);
  const started = performance.now();
  await stages.run(INIT_LABELS, { run });
  let steps = 0;
  for (let changed = 1; changed > 0; steps++) {
    await stages.run(stage, { run, iter: steps, next: steps + 1 });
    const [row] = await stages.run(COUNT_CHANGED, { run, iter: steps, next: steps + 1 });
    changed = Number(row?.changed);
  }
  const seconds = (performance.now() - started) / 1000;
  const [differ] = await stages.query(
    `SELECT count(*) AS n FROM (
      SELECT rid, label FROM labels WHERE run = ? AND iter = ?
      EXCEPT ALL SELECT rid, component FROM components WHERE run = ?)`,
    [run, steps, source],
  );
  await clear(run);
  return { steps, seconds, differ: Number(differ?.n) };
}

const rows: string[][] = [];
const variants: [string, SqlStage][] = [["jumps and hooks (shipped)", PROPAGATE]];
if (!values["no-baseline"]) variants.push(["plain min-label (baseline)", PLAIN]);
for (const [i, [name, stage]] of variants.entries()) {
  const { steps, seconds, differ } = await propagate(stage, SPARE + i);
  rows.push([name, String(steps), seconds.toFixed(1), String(differ)]);
}
stages.close();
console.log(`run ${source} of ${values.work}: ${Number(links?.n)} links`);
console.log(
  formatTable([
    ["propagation", "steps", "seconds (init, steps, counts)", "labels unlike the run's components"],
    ...rows,
  ]),
);
