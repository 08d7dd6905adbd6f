import type { TopLevelSpec } from "vega-lite";
import type { CurvePoint } from "../curves.ts";

/** One model's curve and the point of its chosen threshold. */
export interface ModelCurve {
  model: string;
  points: readonly CurvePoint[];
  chosen: CurvePoint;
}

/** Precision against recall for each model, the chosen threshold marked with a dot and its value. */
export function prCurveSpec(curves: readonly ModelCurve[]): TopLevelSpec {
  const line = curves.flatMap((c) =>
    c.points.map((p) => ({ model: c.model, recall: p.recall, precision: p.precision })),
  );
  const marks = curves.map((c) => ({
    model: c.model,
    recall: c.chosen.recall,
    precision: c.chosen.precision,
    label: `t = ${c.chosen.threshold.toFixed(3)}`,
  }));
  const x = { field: "recall", type: "quantitative" as const, scale: { domain: [0, 1] }, title: "recall" };
  const y = {
    field: "precision",
    type: "quantitative" as const,
    scale: { domain: [0.3, 1] },
    title: "precision",
  };
  const color = { field: "model", type: "nominal", title: "model" } as const;
  return {
    title: "Precision-recall on the test part (chosen threshold marked)",
    width: 420,
    height: 320,
    layer: [
      { data: { values: line }, mark: { type: "line", clip: true }, encoding: { x, y, color } },
      { data: { values: marks }, mark: { type: "point", filled: true, size: 80 }, encoding: { x, y, color } },
      // One text layer per model, staggered, so the two threshold labels do not overlap.
      ...marks.map((mark, i) => ({
        data: { values: [mark] },
        mark: { type: "text" as const, align: "right" as const, dx: -8, dy: -8 + 16 * i },
        encoding: { x, y, text: { field: "label" }, color },
      })),
    ],
  };
}
