import { FEATURE_NAMES } from "../../lambda/features.ts";
import { type Metrics, type Model, probability } from "../../lambda/model.ts";
import { type AblationRow, ablation } from "../ablation.ts";
import type { Dataset, Example } from "../dataset.ts";
import { evaluate } from "../metrics.ts";
import { type Candidate, runTraining, type TrainingRun } from "../pipeline.ts";
import type { NoiseRow } from "../sample/noise-file.ts";
import { type AblationInterval, ablationIntervals } from "./ablation-intervals.ts";
import { bootstrapF1, type Interval } from "./bootstrap.ts";
import { type CalibrationBin, type CurvePoint, calibration, thin, thresholdCurve } from "./curves.ts";
import { analyseErrors, type ErrorAnalysis } from "./errors.ts";
import { type LearningPoint, learningCurve } from "./learning-curve.ts";
import { type BandFigures, type OperatingPoint, operatingPoints } from "./operating-points.ts";
import { errorsByKind, generatedKinds, type KindRow } from "./sample-kinds.ts";
import { type TypicalDecision, typicalDecisions } from "./typical.ts";

/** Every number of the report, from one run; written as metrics.json. */
export interface ReportData {
  dataset: {
    pairs: number;
    valid: number;
    invalid: number;
    validShare: number;
    unknownPairs: number;
    fingerprint: string;
  };
  split: Record<"train" | "validation" | "test", { pairs: number; valid: number }>;
  threshold: number;
  final: { validation: Metrics; test: Metrics; brier: number };
  baseline: { threshold: number; test: Metrics };
  /** Test F1 with paired bootstrap 95 % intervals, and the final-minus-baseline gap. */
  intervals: { final: Interval; baseline: Interval; gap: Interval };
  /** Test metrics without the pairs whose label the generator flipped on purpose (sample-noise.csv). */
  withoutNoise?: { pairs: number; flipped: number; test: Metrics; f1: Interval };
  /** Thresholds and the shipped review band, chosen on VALIDATION, then scored on test. */
  operating: { points: OperatingPoint[]; band: BandFigures };
  alwaysInvalid: Metrics;
  weights: { feature: string; weight: number }[];
  intercept: number;
  curves: Record<"final" | "baseline", { chosen: CurvePoint; points: CurvePoint[] }>;
  calibration: CalibrationBin[];
  ablation: ({ name: string; features: readonly string[]; test: Metrics } & Omit<
    AblationInterval,
    "features"
  >)[];
  learningCurve: LearningPoint[];
  typicalDecisions: TypicalDecision[];
  errors: ErrorAnalysis;
  /** Errors by the generator's pair kind; only when the data is exactly a generated sample. */
  generatedKinds?: { seed: number; rows: KindRow[] };
  seconds: Record<string, number>;
}

/** What the charts need beyond ReportData: the raw test labels and scores. */
export interface ReportRun {
  data: ReportData;
  run: TrainingRun;
  testLabels: number[];
}

/** Options of computeReport: fewer learning-curve points when `quick`, the generator seed to try. */
export interface ComputeOptions {
  learningShares: readonly number[];
  sampleSeed: number;
  /** Labels flipped on purpose (our own sample's side file); kept apart in the error analysis. */
  noise?: ReadonlyMap<string, NoiseRow>;
  log?: (message: string) => void;
  /** The model the fit's prior is centred on, as train.ts's `--prior-model`. */
  prior?: Model;
}

/**
 * Trains with the same pipeline as train.ts, then derives every figure of the report from that run:
 * curves, calibration, ablation, learning curve, typical decisions and the error analysis.
 */
export function computeReport(dataset: Dataset, options: ComputeOptions): ReportRun {
  const log = options.log ?? (() => {});
  const seconds: Record<string, number> = {};
  const timed = <T>(stage: string, work: () => T): T => {
    const started = performance.now();
    log(`${stage} ...`);
    const result = work();
    seconds[stage] = Math.round((performance.now() - started) / 100) / 10;
    return result;
  };
  const { examples, catalog } = dataset;
  const run = timed("training", () => runTraining(examples, undefined, undefined, options.prior));
  const { split, final, baseline } = run;
  const testLabels = split.test.map((e) => e.label);
  const ablationRows = timed("ablation", () => ablation(run));
  const ablationCi = timed("bootstrap intervals", () => ablationIntervals(testLabels, ablationRows));
  const predictions = (c: Candidate) => c.testScores.map((s) => (s >= c.threshold ? 1 : 0));
  const headline = bootstrapF1(
    testLabels,
    { final: predictions(final), baseline: predictions(baseline) },
    "final",
  );
  const withoutNoise = options.noise ? cleanMetrics(split.test, final, options.noise) : undefined;
  const validationLabels = split.validation.map((e) => e.label);
  const columns = final.features.map((name) => FEATURE_NAMES.indexOf(name));
  const validationScores = split.validation.map((e) =>
    probability(
      final.fitted,
      columns.map((c) => e.features[c] as number),
    ),
  );
  const operating = operatingPoints(
    { labels: validationLabels, scores: validationScores },
    { labels: testLabels, scores: final.testScores },
  );
  const shares = options.learningShares.filter((s) => s < 1);
  const partial = timed("learning curve", () => learningCurve(split, shares));
  const full: LearningPoint[] = [
    { model: "final", trainPairs: split.train.length, f1: final.test.f1 },
    { model: "4 suggested", trainPairs: split.train.length, f1: baseline.test.f1 },
  ];
  const errors = timed("error analysis", () =>
    analyseErrors(catalog, split.test, final.testScores, final.threshold, 10, options.noise),
  );
  const kinds = timed("generated kinds", () =>
    generatedKinds(
      examples.map((e) => e.pair),
      options.sampleSeed,
    ),
  );
  const curve = (scores: number[], threshold: number) => {
    const points = thresholdCurve(testLabels, scores);
    // The operating point: the last curve point still at or above the threshold, labelled with the threshold itself.
    const at = [...points].reverse().find((p) => p.threshold >= threshold) ?? (points[0] as CurvePoint);
    return { chosen: { ...at, threshold }, points: thin(points, 200) };
  };
  const valid = examples.filter((e) => e.label === 1).length;
  const part = (list: Example[]) => ({ pairs: list.length, valid: list.filter((e) => e.label === 1).length });
  const data: ReportData = {
    dataset: {
      pairs: examples.length,
      valid,
      invalid: examples.length - valid,
      validShare: valid / Math.max(examples.length, 1),
      unknownPairs: dataset.unknown.length,
      fingerprint: dataset.fingerprint,
    },
    split: { train: part(split.train), validation: part(split.validation), test: part(split.test) },
    threshold: final.threshold,
    final: { validation: final.validation, test: final.test, brier: brier(testLabels, final.testScores) },
    baseline: { threshold: baseline.threshold, test: baseline.test },
    intervals: { final: headline.f1.final, baseline: headline.f1.baseline, gap: headline.gaps.baseline },
    ...(withoutNoise ? { withoutNoise } : {}),
    operating,
    alwaysInvalid: run.alwaysInvalid,
    weights: FEATURE_NAMES.map((feature, i) => ({ feature, weight: final.fitted.weights[i] as number })),
    intercept: final.fitted.intercept,
    curves: {
      final: curve(final.testScores, final.threshold),
      baseline: curve(baseline.testScores, baseline.threshold),
    },
    calibration: calibration(testLabels, final.testScores),
    ablation: ablationRows.map((r: AblationRow, i) => ({
      ...(ablationCi[i] as AblationInterval),
      name: r.name,
      features: r.features,
      test: r.test,
    })),
    learningCurve: [...partial, ...full],
    typicalDecisions: typicalDecisions(catalog, final.fitted, split.test, final.testScores, final.threshold),
    errors,
    seconds,
  };
  if (kinds) {
    data.generatedKinds = {
      seed: options.sampleSeed,
      rows: errorsByKind(kinds, split.test, final.testScores, final.threshold),
    };
  }
  return { data, run, testLabels };
}

/** Mean squared error of the probabilities, 0 = perfect, 0.25 = always 0.5. */
function brier(labels: readonly number[], scores: readonly number[]): number {
  return scores.reduce((sum, s, i) => sum + (s - (labels[i] as number)) ** 2, 0) / Math.max(scores.length, 1);
}

/** Final-model test metrics on the pairs whose label was not flipped on purpose, with a bootstrap F1 interval. */
function cleanMetrics(
  test: readonly Example[],
  final: Candidate,
  noise: ReadonlyMap<string, NoiseRow>,
): NonNullable<ReportData["withoutNoise"]> {
  const keep = test.map((e) => !noise.has(`${e.pair.q}\t${e.pair.m}`));
  const labels = test.filter((_, i) => keep[i]).map((e) => e.label);
  const scores = final.testScores.filter((_, i) => keep[i]);
  const metrics = evaluate(labels, scores, final.threshold);
  const { f1 } = bootstrapF1(labels, { final: scores.map((s) => (s >= final.threshold ? 1 : 0)) }, "final");
  return { pairs: labels.length, flipped: test.length - labels.length, test: metrics, f1: f1.final };
}
