import { FEATURE_NAMES } from "../lambda/features.ts";
import type { Metrics } from "../lambda/model.ts";

/** Formats metrics of several models as an aligned text table, one row per model. */
export function metricsTable(rows: Record<string, Metrics>): string {
  const header = ["model", "accuracy", "precision", "recall", "F1", "ROC-AUC", "TP", "FP", "FN", "TN"];
  const lines = Object.entries(rows).map(([name, m]) => [
    name,
    m.accuracy.toFixed(4),
    m.precision.toFixed(4),
    m.recall.toFixed(4),
    m.f1.toFixed(4),
    m.rocAuc.toFixed(4),
    String(m.confusion.tp),
    String(m.confusion.fp),
    String(m.confusion.fn),
    String(m.confusion.tn),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  return [header, ...lines]
    .map((cells) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  "),
    )
    .join("\n");
}

/** The lines `train` and `report` print: split sizes, threshold, and the test metrics of the three models. */
export function trainingSummary(
  pairs: { train: number; validation: number; test: number },
  threshold: number,
  test: { final: Metrics; baseline: Metrics; alwaysInvalid: Metrics },
): string {
  return [
    `pairs: train ${pairs.train}, validation ${pairs.validation}, test ${pairs.test} (group-aware split)`,
    `threshold ${threshold.toFixed(4)} chosen on validation; test metrics:\n`,
    metricsTable({
      [`final (${FEATURE_NAMES.length} features)`]: test.final,
      "baseline (4 features)": test.baseline,
      "always invalid": test.alwaysInvalid,
    }),
  ].join("\n");
}
