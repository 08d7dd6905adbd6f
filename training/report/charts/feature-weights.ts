import type { TopLevelSpec } from "vega-lite";

/** Each feature's weight on standardised values: the log-odds change per standard deviation. */
export function featureWeightsSpec(weights: readonly { feature: string; weight: number }[]): TopLevelSpec {
  return {
    title: "Feature weights of the final model (per standard deviation)",
    data: { values: [...weights] },
    width: 380,
    height: { step: 22 },
    mark: "bar",
    encoding: {
      y: { field: "feature", type: "nominal", sort: "-x", title: null },
      x: { field: "weight", type: "quantitative", title: "weight (log-odds per s.d.)" },
      color: {
        condition: { test: "datum.weight < 0", value: "#d62728" },
        value: "#1f77b4",
      },
    },
  };
}
