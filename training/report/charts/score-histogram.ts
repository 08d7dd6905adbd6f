import type { TopLevelSpec } from "vega-lite";

/** Counts of test pairs per score bin, one panel per true class, the threshold as a red rule. */
export function scoreHistogramSpec(
  labels: readonly number[],
  scores: readonly number[],
  threshold: number,
): TopLevelSpec {
  const values = scores.map((score, i) => ({ score, class: labels[i] === 1 ? "valid" : "invalid" }));
  return {
    title: "P(valid) on the test part, by true class",
    data: { values },
    facet: { row: { field: "class", type: "nominal", title: "true class" } },
    spec: {
      width: 420,
      height: 130,
      layer: [
        {
          mark: "bar",
          encoding: {
            x: { field: "score", bin: { maxbins: 40, extent: [0, 1] }, title: "predicted P(valid)" },
            y: { aggregate: "count", title: "pairs", scale: { type: "symlog" } },
            color: { field: "class", type: "nominal", legend: null },
          },
        },
        {
          data: { values: [{ threshold }] },
          mark: { type: "rule", color: "red", strokeWidth: 2 },
          encoding: { x: { field: "threshold", type: "quantitative" } },
        },
      ],
    },
  };
}
