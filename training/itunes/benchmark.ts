import { BASELINE_FEATURES, FEATURE_NAMES } from "../../lambda/features.ts";
import { type Metrics, probability } from "../../lambda/model.ts";
import { fitLogistic } from "../fit.ts";
import { bestThreshold, evaluate } from "../metrics.ts";
import { fitCandidate } from "../pipeline.ts";
import type { Split } from "../split.ts";
import { readSplit } from "./parse.ts";
import { type ItunesExample, OPTIONAL_FEATURES, toExamples } from "./records.ts";

/** Test results of one feature set on the benchmark. */
export interface BenchmarkRow {
  name: string;
  features: readonly string[];
  threshold: number;
  test: Metrics;
  /** F1 on the test pairs that do not also appear verbatim in train or valid. */
  cleanTestF1: number;
}

/** The benchmark outcome: split sizes, our rows, and how many test pairs leak from train/valid. */
export interface BenchmarkResult {
  pairs: { train: number; valid: number; test: number; testAlsoInTrainOrValid: number };
  rows: BenchmarkRow[];
}

/**
 * Reads train/valid/test, maps the records into the service's data model and runs the training
 * pipeline: weights fitted on train, threshold chosen for F1 on valid (as train.ts does with its
 * validation part, and as the published systems use valid), scored once on test.
 */
export function runBenchmark(dir: string): BenchmarkResult {
  const [trainPairs, validPairs, testPairs] = [
    readSplit(dir, "train.txt"),
    readSplit(dir, "valid.txt"),
    readSplit(dir, "test.txt"),
  ];
  const split: Split<ItunesExample> = {
    train: toExamples(trainPairs, "train"),
    validation: toExamples(validPairs, "valid"),
    test: toExamples(testPairs, "test"),
  };
  const seen = new Set([...trainPairs, ...validPairs].map((p) => p.line));
  const clean = testPairs.map((p) => !seen.has(p.line));
  const cleanF1 = (scores: number[], threshold: number) =>
    evaluate(
      split.test.filter((_, i) => clean[i]).map((e) => e.label),
      scores.filter((_, i) => clean[i]),
      threshold,
    ).f1;
  const service = [BASELINE_FEATURES, FEATURE_NAMES].map((features, i) => {
    const fitted = fitCandidate(split, features);
    return {
      name: i === 0 ? "sr-match, 4 suggested features" : `sr-match, service features (${features.length})`,
      features,
      threshold: fitted.threshold,
      test: fitted.test,
      cleanTestF1: cleanF1(fitted.testScores, fitted.threshold),
    };
  });
  const extended = fitWithOptional(split);
  return {
    pairs: {
      train: trainPairs.length,
      valid: validPairs.length,
      test: testPairs.length,
      testAlsoInTrainOrValid: clean.filter((c) => !c).length,
    },
    rows: [
      ...service,
      {
        name: "sr-match, service features + album & duration (optional columns)",
        features: [...FEATURE_NAMES, ...OPTIONAL_FEATURES],
        threshold: extended.threshold,
        test: extended.test,
        cleanTestF1: cleanF1(extended.testScores, extended.threshold),
      },
    ],
  };
}

/**
 * fitCandidate's steps (fitLogistic, F1-best threshold on validation, evaluate on test) on the service
 * features plus the optional columns, which FEATURE_NAMES deliberately does not hold.
 */
function fitWithOptional(split: Split<ItunesExample>): {
  threshold: number;
  test: Metrics;
  testScores: number[];
} {
  const rows = (list: ItunesExample[]) => list.map((e) => [...e.features, ...e.optional]);
  const labels = (list: ItunesExample[]) => list.map((e) => e.label);
  const fitted = fitLogistic(rows(split.train), labels(split.train));
  const score = (list: ItunesExample[]) => rows(list).map((row) => probability(fitted, row));
  const threshold = bestThreshold(labels(split.validation), score(split.validation));
  const testScores = score(split.test);
  return { threshold, test: evaluate(labels(split.test), testScores, threshold), testScores };
}
