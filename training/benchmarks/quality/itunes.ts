import { join } from "node:path";
import { runBenchmark } from "../../itunes/benchmark.ts";
import { type ItunesVariant, PUBLISHED_F1 } from "../../itunes/published.ts";
import type { Prior } from "../../prior.ts";
import { type QualityRow, referenceRow, scoredRow } from "./row.ts";

/**
 * iTunes-Amazon, one variant: the benchmark's own train/valid/test (weights on train, threshold on
 * valid, scored once on test), our rows beside the published figures; with a `prior`, rows fitted
 * with the prior centred on its weights too.
 */
export function itunesRows(root: string, variant: ItunesVariant, prior?: Prior): QualityRow[] {
  const dataset = `iTunes-Amazon ${variant}`;
  const result = runBenchmark(join(root, variant), prior);
  const ours = result.rows.map((row) =>
    scoredRow({
      dataset,
      system: row.name,
      labels: row.labels,
      scores: row.scores,
      threshold: row.threshold,
    }),
  );
  const published = PUBLISHED_F1[variant].map(({ system, f1 }) =>
    referenceRow(dataset, `published: ${system}`, f1 / 100, "model and training differ; same test split"),
  );
  return [...ours, ...published];
}
