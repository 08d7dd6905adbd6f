import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { evalPeer, trainPeer } from "../../../bench/peer.ts";
import { writePairs } from "../../csv.ts";
import { loadDataset } from "../../dataset.ts";
import { runTraining } from "../../pipeline.ts";
import { type QualityRow, scoredRow } from "./row.ts";

const DATASET = "our sample (data/)";

/**
 * Our sample: the group-aware split of `npm run train`, the final and the 4-feature model, and the
 * Python peer's `best` variant trained on the same train + validation pairs and scored on the same
 * test pairs (when `peerDir` is given; the peer reports no per-pair scores, so no interval).
 */
export async function sampleRows(db: string, groundtruth: string, peerDir?: string): Promise<QualityRow[]> {
  const dataset = await loadDataset(db, groundtruth);
  const run = runTraining(dataset.examples);
  const labels = run.split.test.map((e) => e.label);
  const rows = [
    scoredRow({
      dataset: DATASET,
      system: `sr-match (${run.final.features.length} features)`,
      labels,
      scores: run.final.testScores,
      threshold: run.final.threshold,
    }),
    scoredRow({
      dataset: DATASET,
      system: "sr-match, 4 suggested features",
      labels,
      scores: run.baseline.testScores,
      threshold: run.baseline.threshold,
    }),
  ];
  dataset.catalog.close();
  if (!peerDir) return rows;
  mkdirSync(peerDir, { recursive: true });
  const files = Object.fromEntries(
    (["train", "validation", "test"] as const).map((part) => {
      const file = join(peerDir, `${part}.csv`);
      writePairs(
        file,
        run.split[part].map((e) => e.pair),
      );
      return [part, file];
    }),
  ) as Record<"train" | "validation" | "test", string>;
  const model = await trainPeer(db, [files.train, files.validation], peerDir);
  const peer = await evalPeer(db, model, files.test);
  rows.push({
    dataset: DATASET,
    system: "Python peer, best variant (same split)",
    n: peer.n,
    precision: peer.precision,
    recall: peer.recall,
    f1: peer.f1,
    note: "trained on train + validation, as bench/ does",
  });
  return rows;
}
