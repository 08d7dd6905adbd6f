import * as z from "zod";
import { groupBootstrapMean } from "./cross-validation.ts";

/** The parts of a `bench:itunes-cv --json` file that a comparison reads. */
const CvRunSchema = z.object({
  featureVersion: z.number(),
  folds: z.number(),
  repeats: z.number(),
  results: z.array(
    z.object({
      dataset: z.string(),
      /** Each pair's group (pairs sharing a record share one), as an index. */
      groups: z.array(z.number()).optional(),
      rows: z.array(
        z.object({
          name: z.string(),
          f1: z.number(),
          logLoss: z.number(),
          pairLogLoss: z.array(z.number()).optional(),
        }),
      ),
    }),
  ),
});

export type CvRun = z.infer<typeof CvRunSchema>;

/** A parsed bench:itunes-cv JSON file; throws an Error naming what is missing. */
export function parseCvRun(json: unknown): CvRun {
  const parsed = CvRunSchema.safeParse(json);
  if (!parsed.success) throw new Error(`not a bench:itunes-cv --json file: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const pct = (x: number) => (100 * x).toFixed(2);
const f4 = (x: number) => x.toFixed(4);

/**
 * One line per dataset and per row that both runs hold: F1 and log-loss before → after, and the
 * log-loss gap's mean with its group-bootstrap 95 % interval (a gap whose interval holds 0 is noise).
 * Throws when the runs did not read the same pairs the same way, lack the per-pair losses, or share
 * no row.
 */
export function compareRuns(before: CvRun, after: CvRun): string[] {
  if (before.folds !== after.folds || before.repeats !== after.repeats)
    throw new Error(
      `the runs differ in folds or repeats (${before.folds} × ${before.repeats} against ${after.folds} × ${after.repeats})`,
    );
  const lines = [`feature version ${before.featureVersion} → ${after.featureVersion}`];
  let compared = 0;
  for (const set of after.results) {
    const old = before.results.find((r) => r.dataset === set.dataset);
    if (!old) continue;
    const groups = set.groups;
    if (!groups || !old.groups) throw new Error(`${set.dataset}: no per-pair groups; rerun bench:itunes-cv`);
    if (groups.join() !== old.groups.join())
      throw new Error(`${set.dataset}: the two runs read different pairs`);
    lines.push(set.dataset);
    for (const row of set.rows) {
      const was = old.rows.find((r) => r.name === row.name);
      if (!was) continue;
      const [now, then] = [row.pairLogLoss, was.pairLogLoss];
      if (now?.length !== groups.length || then?.length !== groups.length)
        throw new Error(
          `${set.dataset}, ${row.name.trim()}: not one log-loss per pair; rerun bench:itunes-cv`,
        );
      const gap = groupBootstrapMean(
        now.map((loss, i) => loss - (then[i] as number)),
        groups.map(String),
      );
      lines.push(
        `  ${row.name.trim()}\n    F1 ${pct(was.f1)} → ${pct(row.f1)}  log-loss ${f4(was.logLoss)} → ${f4(row.logLoss)}` +
          `  gap ${f4(gap.value)} [${f4(gap.low)}, ${f4(gap.high)}]`,
      );
      compared++;
    }
  }
  if (compared === 0) throw new Error("the two runs share no dataset and row");
  return lines;
}
