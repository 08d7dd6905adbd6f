import type { TopLevelSpec } from "vega-lite";
import type { LearningPoint } from "../learning-curve.ts";

/** Test F1 against the number of training pairs (log scale), for the final and the 4-feature set. */
export function learningCurveSpec(points: readonly LearningPoint[]): TopLevelSpec {
  const x = {
    field: "trainPairs",
    type: "quantitative" as const,
    scale: { type: "log" as const, nice: false },
    title: "training pairs (log scale)",
  };
  const y = { field: "f1", type: "quantitative" as const, scale: { zero: false }, title: "test F1" };
  return {
    title: "Learning curve: test F1 by training-set size",
    data: { values: [...points] },
    width: 420,
    height: 280,
    mark: { type: "line", point: true },
    encoding: { x, y, color: { field: "model", type: "nominal", title: "features" } },
  };
}
