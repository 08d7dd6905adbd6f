import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { ablationSpec } from "./charts/ablation.ts";
import { calibrationSpec } from "./charts/calibration.ts";
import { confusionSpec } from "./charts/confusion.ts";
import { contributionsSpec } from "./charts/contributions.ts";
import { errorCausesSpec } from "./charts/error-causes.ts";
import { featureWeightsSpec } from "./charts/feature-weights.ts";
import { learningCurveSpec } from "./charts/learning-curve.ts";
import { prCurveSpec } from "./charts/pr-curve.ts";
import { rocCurveSpec } from "./charts/roc-curve.ts";
import { scoreHistogramSpec } from "./charts/score-histogram.ts";
import { writeChart } from "./render.ts";
import type { ReportRun } from "./report-data.ts";

/** The charts of the report, by name; each is written as `charts/<name>.svg`. */
export const CHART_NAMES = [
  "pr-curve",
  "roc-curve",
  "score-histogram",
  "confusion",
  "calibration",
  "feature-weights",
  "contributions",
  "ablation",
  "learning-curve",
  "error-causes",
] as const;

export type ChartName = (typeof CHART_NAMES)[number];

/** Renders every chart of a report run into `<out>/charts/`; returns each chart's path relative to `out`. */
export async function drawCharts(
  out: string,
  { data, run, testLabels }: ReportRun,
): Promise<Record<ChartName, string>> {
  const curves = [
    { model: "final", ...data.curves.final },
    { model: "4 suggested", ...data.curves.baseline },
  ];
  const specs: Record<ChartName, TopLevelSpec> = {
    "pr-curve": prCurveSpec(curves),
    "roc-curve": rocCurveSpec(curves),
    "score-histogram": scoreHistogramSpec(testLabels, run.final.testScores, data.threshold),
    confusion: confusionSpec(data.final.test.confusion),
    calibration: calibrationSpec(data.calibration),
    "feature-weights": featureWeightsSpec(data.weights),
    contributions: contributionsSpec(data.typicalDecisions),
    ablation: ablationSpec(
      data.ablation.map((r) => ({ name: r.name, f1: r.test.f1, low: r.f1.low, high: r.f1.high })),
    ),
    "learning-curve": learningCurveSpec(data.learningCurve),
    "error-causes": errorCausesSpec(data.errors.byCause),
  };
  mkdirSync(join(out, "charts"), { recursive: true });
  const files = {} as Record<ChartName, string>;
  for (const name of CHART_NAMES)
    files[name] = `charts/${await writeChart(join(out, "charts"), name, specs[name])}`;
  return files;
}
