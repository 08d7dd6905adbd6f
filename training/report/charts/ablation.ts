import type { TopLevelSpec } from "vega-lite";

/** Test F1 of each feature set of the ablation, all fitted on one split. */
export function ablationSpec(
  rows: readonly { name: string; f1: number; low: number; high: number }[],
): TopLevelSpec {
  return {
    title: "Ablation: test F1 per feature set with bootstrap 95 % interval (same split)",
    data: { values: [...rows] },
    width: 380,
    height: { step: 22 },
    layer: [
      {
        mark: { type: "bar", clip: true },
        encoding: {
          y: { field: "name", type: "nominal", sort: null, title: null, axis: { labelLimit: 260 } },
          x: { field: "f1", type: "quantitative", scale: { domain: [0.8, 1] }, title: "test F1" },
          color: {
            condition: { test: "datum.name === 'final' || datum.name === '4 suggested'", value: "#1f77b4" },
            value: "#9ecae1",
          },
        },
      },
      {
        mark: { type: "rule", color: "#333", clip: true },
        encoding: {
          y: { field: "name", type: "nominal", sort: null },
          x: { field: "low", type: "quantitative" },
          x2: { field: "high" },
        },
      },
      {
        mark: { type: "text", align: "left", dx: 3, dy: -6, clip: true },
        encoding: {
          y: { field: "name", type: "nominal", sort: null },
          x: { field: "high", type: "quantitative" },
          text: { field: "f1", format: ".3f" },
        },
      },
    ],
  };
}
