import type { TopLevelSpec } from "vega-lite";
import type { CalibrationBin } from "../curves.ts";

/** Mean predicted probability against observed valid rate per bin; the diagonal is perfect calibration. */
export function calibrationSpec(bins: readonly CalibrationBin[]): TopLevelSpec {
  const x = {
    field: "meanPredicted",
    type: "quantitative" as const,
    scale: { domain: [0, 1] },
    title: "mean predicted P(valid)",
  };
  const y = {
    field: "observedRate",
    type: "quantitative" as const,
    scale: { domain: [0, 1] },
    title: "observed share valid",
  };
  return {
    title: "Calibration on the test part (10 bins, dot size = pairs)",
    width: 360,
    height: 320,
    layer: [
      {
        data: {
          values: [
            { meanPredicted: 0, observedRate: 0 },
            { meanPredicted: 1, observedRate: 1 },
          ],
        },
        mark: { type: "line", strokeDash: [4, 4], color: "#999" },
        encoding: { x, y },
      },
      { data: { values: [...bins] }, mark: { type: "line", point: false }, encoding: { x, y } },
      {
        data: { values: [...bins] },
        mark: { type: "point", filled: true },
        encoding: {
          x,
          y,
          size: { field: "count", type: "quantitative", scale: { type: "sqrt" }, title: "pairs" },
        },
      },
    ],
  };
}
