import { join } from "node:path";
import { runBenchmark } from "../../itunes/benchmark.ts";
import { type QualityRow, referenceRow, scoredRow } from "./row.ts";

/** Published test F1 (%) per variant, from ../shared/datasets/itunes-amazon/README.md. */
const PUBLISHED: Record<"Structured" | "Dirty", readonly [string, number][]> = {
  Structured: [
    ["Magellan", 91.2],
    ["DeepMatcher (best)", 88.5],
    ["Ditto", 97.06],
    ["GPT-4o (libem)", 98.11],
  ],
  Dirty: [
    ["Magellan", 46.8],
    ["DeepMatcher (best)", 79.4],
    ["Ditto", 95.65],
  ],
};

/**
 * iTunes-Amazon, one variant: the benchmark's own train/valid/test (weights on train, threshold on
 * valid, scored once on test), our rows beside the published figures.
 */
export function itunesRows(root: string, variant: "Structured" | "Dirty"): QualityRow[] {
  const dataset = `iTunes-Amazon ${variant}`;
  const result = runBenchmark(join(root, variant));
  const ours = result.rows.map((row) =>
    scoredRow({
      dataset,
      system: row.name,
      labels: row.labels,
      scores: row.scores,
      threshold: row.threshold,
    }),
  );
  const published = PUBLISHED[variant].map(([system, f1]) =>
    referenceRow(dataset, `published: ${system}`, f1 / 100, "model and training differ; same test split"),
  );
  return [...ours, ...published];
}
