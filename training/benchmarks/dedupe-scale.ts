import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** One size of the speed table, from the dedupe CLI's own summary.json. */
export interface ScaleRow {
  records: number;
  candidates: number;
  totalSeconds: number;
  stageSeconds: Record<string, number>;
  peakRssMb: number;
  recordsPerSecond: number;
}

/**
 * Runs `npm run dedupe` end to end in a fresh process on a generated catalog of about `records`
 * recordings (the sample generator at pairs ≈ records × 0.51, seed 7), made in `dir` unless there.
 */
export function scaleRun(dir: string, records: number): ScaleRow {
  const catalogDir = join(dir, `catalog-${records}`);
  if (!existsSync(join(catalogDir, "db.db"))) {
    mkdirSync(catalogDir, { recursive: true });
    const pairs = String(Math.round(records * 0.5107));
    execFileSync(
      process.execPath,
      ["--import", "tsx", "training/sample/cli.ts", "--out", catalogDir, "--pairs", pairs, "--seed", "7"],
      {
        stdio: "inherit",
      },
    );
  }
  const out = join(dir, `dedupe-${records}`);
  execFileSync(
    process.execPath,
    ["--import", "tsx", "training/dedupe/cli.ts", "--db", join(catalogDir, "db.db"), "--out", out],
    {
      stdio: ["ignore", "inherit", "ignore"],
    },
  );
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  return {
    records: summary.records,
    candidates: summary.candidates,
    totalSeconds: summary.totalSeconds,
    stageSeconds: summary.stageSeconds,
    peakRssMb: summary.peakRssMb,
    recordsPerSecond: Math.round(summary.records / summary.totalSeconds),
  };
}
