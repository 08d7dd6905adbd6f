import type { TopLevelSpec } from "vega-lite";
import type { ModelCurve } from "./pr-curve.ts";

/** True-positive rate against false-positive rate per model, chance diagonal and chosen threshold marked. */
export function rocCurveSpec(curves: readonly ModelCurve[]): TopLevelSpec {
  const line = curves.flatMap((c) => c.points.map((p) => ({ model: c.model, fpr: p.fpr, tpr: p.recall })));
  const marks = curves.map((c) => ({
    model: c.model,
    fpr: c.chosen.fpr,
    tpr: c.chosen.recall,
    label: `t = ${c.chosen.threshold.toFixed(3)}`,
  }));
  const x = {
    field: "fpr",
    type: "quantitative" as const,
    scale: { domain: [0, 1] },
    title: "false-positive rate",
  };
  const y = {
    field: "tpr",
    type: "quantitative" as const,
    scale: { domain: [0, 1] },
    title: "true-positive rate (recall)",
  };
  const color = { field: "model", type: "nominal", title: "model" } as const;
  return {
    title: "ROC on the test part (chosen threshold marked)",
    width: 420,
    height: 320,
    layer: [
      {
        data: {
          values: [
            { fpr: 0, tpr: 0 },
            { fpr: 1, tpr: 1 },
          ],
        },
        mark: { type: "line", strokeDash: [4, 4], color: "#999" },
        encoding: { x, y },
      },
      { data: { values: line }, mark: "line", encoding: { x, y, color } },
      { data: { values: marks }, mark: { type: "point", filled: true, size: 80 }, encoding: { x, y, color } },
      // One text layer per model, staggered, so the two threshold labels do not overlap.
      ...marks.map((mark, i) => ({
        data: { values: [mark] },
        mark: { type: "text" as const, align: "left" as const, dx: 8, dy: 10 + 16 * i },
        encoding: { x, y, text: { field: "label" }, color },
      })),
    ],
  };
}
