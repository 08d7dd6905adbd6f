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
