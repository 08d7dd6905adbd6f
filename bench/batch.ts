import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median } from "./cold-start.ts";
import { classifyPeer } from "./peer.ts";
import { grab, run } from "./run.ts";

/** Batch classification of one CSV in one process (so per core), medians over runs. */
export interface BatchFigures {
  pairs: number;
  /** Whole classify run after start-up: load + score + write. */
  endToEndPairsPerS: number;
  /** Scoring phase only (catalog prepared, pairs read). */
  scoringPairsPerS: number;
  /** Scoring phase per CPU-second of the process (JIT and GC threads included); NaN for the peer. */
  scoringPairsPerCpuS: number;
  loadS: number;
  /** Process wall time including node/tsx (or python) start-up and imports. */
  wallS: number;
}

/** Runs `training/classify.ts` on `pairs` `runs` times. */
export async function batchOurs(db: string, model: string, pairs: string, dir: string, runs: number) {
  const rows: BatchFigures[] = [];
  for (let i = 0; i < runs; i++) {
    const { stdout, ms } = await run(process.execPath, [
      "--import",
      "tsx",
      "training/classify.ts",
      "--db",
      db,
      "--model",
      model,
      "--pairs",
      pairs,
      "--out",
      join(dir, "ours-classified.csv"),
    ]);
    rows.push({
      pairs: grab(stdout, /classified (\d+) pairs/, "pairs"),
      endToEndPairsPerS: grab(stdout, /s: (\d+) pairs\/s/, "pairs/s"),
      scoringPairsPerS: grab(stdout, /score [\d.]+ s = (\d+) pairs\/s/, "scoring pairs/s"),
      scoringPairsPerCpuS: grab(stdout, /= (\d+) pairs\/CPU-s/, "scoring pairs/CPU-s"),
      loadS: grab(stdout, /load ([\d.]+) s/, "load"),
      wallS: ms / 1000,
    });
  }
  return medianOf(rows);
}

/** Runs the peer's `peer.py classify` on `pairs` `runs` times (its features phase = its scoring). */
export async function batchPeer(db: string, model: string, pairs: string, dir: string, runs: number) {
  const rows: BatchFigures[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await classifyPeer(db, model, pairs, join(dir, "peer-classified.csv"));
    rows.push({
      pairs: NaN,
      endToEndPairsPerS: r.pairsPerS,
      scoringPairsPerS: r.featuresPairsPerS,
      scoringPairsPerCpuS: NaN,
      loadS: NaN,
      wallS: r.wallMs / 1000,
    });
  }
  return medianOf(rows);
}

function medianOf(rows: BatchFigures[]): BatchFigures {
  const pick = (key: keyof BatchFigures) => median(rows.map((r) => r[key]));
  return {
    pairs: pick("pairs"),
    endToEndPairsPerS: pick("endToEndPairsPerS"),
    scoringPairsPerS: pick("scoringPairsPerS"),
    scoringPairsPerCpuS: pick("scoringPairsPerCpuS"),
    loadS: pick("loadS"),
    wallS: pick("wallS"),
  };
}

/**
 * Writes the pairs CSV `times` over into `out`: a batch long enough for the scoring phase to be
 * measured past the JIT's warm-up (a 28k-pair pass is over in a few tenths of a second).
 */
export function repeatedPairs(pairs: string, times: number, out: string): string {
  const [header, ...rows] = readFileSync(pairs, "utf8").trimEnd().split("\n");
  const body = rows.join("\n");
  writeFileSync(out, `${header}\n${Array.from({ length: times }, () => body).join("\n")}\n`);
  return out;
}
