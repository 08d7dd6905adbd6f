import { groupBootstrapMean } from "./cross-validation.ts";

/** The parts of a bench:itunes-cv JSON file that a comparison reads. */
export interface CvRun {
  featureVersion: number;
  results: {
    dataset: string;
    groups?: string[];
    rows: { name: string; f1: number; logLoss: number; pairLogLoss?: number[] }[];
  }[];
}

/**
 * One line per dataset and per row that both runs hold: F1 and log-loss before → after, and the
 * log-loss gap's mean with its group-bootstrap 95 % interval (a gap whose interval holds 0 is noise).
 * Throws when the runs did not read the same pairs or lack the per-pair losses.
 */
export function compareRuns(before: CvRun, after: CvRun): string[] {
  const lines = [`feature version ${before.featureVersion} → ${after.featureVersion}`];
  for (const set of after.results) {
    const old = before.results.find((r) => r.dataset === set.dataset);
    if (!old) continue;
    const groups = set.groups;
    if (!groups || !old.groups) throw new Error(`${set.dataset}: no per-pair groups; rerun bench:itunes-cv`);
    if (groups.join("\n") !== old.groups.join("\n"))
      throw new Error(`${set.dataset}: the two runs read different pairs`);
    lines.push(set.dataset);
    for (const row of set.rows) {
      const was = old.rows.find((r) => r.name === row.name);
      if (!was?.pairLogLoss || !row.pairLogLoss) continue;
      const wasLoss = was.pairLogLoss;
      const gap = groupBootstrapMean(
        row.pairLogLoss.map((loss, i) => loss - (wasLoss[i] as number)),
        groups,
      );
      const pct = (x: number) => (100 * x).toFixed(2);
      const f4 = (x: number) => x.toFixed(4);
      lines.push(
        `  ${row.name.trim().padEnd(64)} F1 ${pct(was.f1)} → ${pct(row.f1)}  log-loss ${f4(was.logLoss)} → ${f4(row.logLoss)}` +
          `  gap ${f4(gap.value)} [${f4(gap.low)}, ${f4(gap.high)}]`,
      );
    }
  }
  return lines;
}
