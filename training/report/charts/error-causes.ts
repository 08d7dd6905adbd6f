import type { TopLevelSpec } from "vega-lite";
import type { CauseRow } from "../errors.ts";

/** Test errors per cause, split into false positives and false negatives; a pair may count under several causes. */
export function errorCausesSpec(rows: readonly CauseRow[]): TopLevelSpec {
  const values = rows
    .filter((r) => r.falsePositives + r.falseNegatives > 0)
    .flatMap((r) => [
      { cause: r.cause, kind: "false positive", errors: r.falsePositives },
      { cause: r.cause, kind: "false negative", errors: r.falseNegatives },
    ]);
  return {
    title: "Test errors by cause (a pair may show several causes)",
    data: { values },
    width: 360,
    height: { step: 20 },
    mark: "bar",
    encoding: {
      y: {
        field: "cause",
        type: "nominal",
        sort: rows.map((r) => r.cause),
        title: null,
        axis: { labelLimit: 320 },
      },
      x: { field: "errors", type: "quantitative", title: "errors", stack: "zero" },
      color: {
        field: "kind",
        type: "nominal",
        title: null,
        scale: { domain: ["false positive", "false negative"], range: ["#d62728", "#ff7f0e"] },
      },
    },
  };
}
