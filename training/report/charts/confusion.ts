import type { TopLevelSpec } from "vega-lite";
import type { Metrics } from "../../../lambda/model.ts";

/** The confusion matrix at the chosen threshold as a labelled heat map. */
export function confusionSpec(confusion: Metrics["confusion"]): TopLevelSpec {
  const values = [
    { actual: "valid", predicted: "valid", count: confusion.tp, name: "TP" },
    { actual: "valid", predicted: "invalid", count: confusion.fn, name: "FN" },
    { actual: "invalid", predicted: "valid", count: confusion.fp, name: "FP" },
    { actual: "invalid", predicted: "invalid", count: confusion.tn, name: "TN" },
  ].map((v) => ({ ...v, label: `${v.name} ${v.count}` }));
  const order = ["valid", "invalid"];
  const x = { field: "predicted", type: "nominal", sort: order, title: "predicted" } as const;
  const y = { field: "actual", type: "nominal", sort: order, title: "actual" } as const;
  return {
    title: "Confusion matrix, test part",
    data: { values },
    width: 240,
    height: 240,
    layer: [
      {
        mark: "rect",
        encoding: {
          x,
          y,
          color: { field: "count", type: "quantitative", scale: { type: "log", scheme: "blues" } },
        },
      },
      {
        mark: { type: "text", fontSize: 16, fontWeight: "bold" },
        encoding: {
          x,
          y,
          text: { field: "label" },
          color: { condition: { test: "datum.count > 500", value: "white" }, value: "black" },
        },
      },
    ],
  };
}
