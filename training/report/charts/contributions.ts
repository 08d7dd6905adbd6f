import type { TopLevelSpec } from "vega-lite";
import type { TypicalDecision } from "../typical.ts";

/** Per feature, its push on the log-odds in each typical decision, one panel per decision. */
export function contributionsSpec(decisions: readonly TypicalDecision[]): TopLevelSpec {
  const values = decisions.flatMap((d) =>
    Object.entries(d.contributions).map(([feature, contribution]) => ({
      decision: `${d.name} (P = ${d.probability.toFixed(2)})`,
      feature,
      contribution,
    })),
  );
  return {
    title: "Per-feature contribution to the log-odds of 'valid', typical decisions",
    data: { values },
    facet: {
      field: "decision",
      type: "nominal",
      title: null,
      sort: decisions.map((d) => `${d.name} (P = ${d.probability.toFixed(2)})`),
    },
    columns: 2,
    spec: {
      width: 260,
      height: { step: 14 },
      mark: "bar",
      encoding: {
        y: { field: "feature", type: "nominal", title: null },
        x: { field: "contribution", type: "quantitative", title: "contribution" },
        color: { condition: { test: "datum.contribution < 0", value: "#d62728" }, value: "#1f77b4" },
      },
    },
  };
}
