import { BASELINE_FEATURES, FEATURE_NAMES } from "../../lambda/features.ts";
import type { Metrics, Model } from "../../lambda/model.ts";
import type { Example } from "../dataset.ts";
import { evaluate } from "../metrics.ts";
import { fitCandidate } from "../pipeline.ts";
import type { Prior } from "../prior.ts";
import type { Split } from "../split.ts";
import { type ItunesPair, readSplit } from "./parse.ts";
import { toExamples } from "./records.ts";

/** Test results of one feature set on the benchmark. */
export interface BenchmarkRow {
  name: string;
  features: readonly string[];
  threshold: number;
  test: Metrics;
  /** F1 on the test pairs that do not also appear verbatim in train or valid. */
  cleanTestF1: number;
  /** Test labels and P(valid), in test order, for bootstrap intervals. */
  labels: number[];
  scores: number[];
}

/** The benchmark outcome: split sizes, our rows, and how many test pairs leak from train/valid. */
export interface BenchmarkResult {
  pairs: { train: number; valid: number; test: number; testAlsoInTrainOrValid: number };
  rows: BenchmarkRow[];
}

/**
 * Reads train/valid/test, maps the records into the service's data model and runs the training
 * pipeline: weights fitted on train, threshold chosen for F1 on valid (as train.ts does with its
 * validation part, and as the published systems use valid), scored once on test. Nothing of valid or
 * test reaches the features: each pair's features depend on its two records only. With a `prior`
 * (a model fitted on another catalog, see training/prior.ts) the two service-feature rows are
 * fitted again with the prior centred on its weights, as rows of their own.
 */
export function runBenchmark(dir: string, prior?: Prior): BenchmarkResult {
  const [trainPairs, validPairs, testPairs] = readParts(dir);
  const splitOf = (optional: boolean) => toSplit([trainPairs, validPairs, testPairs], optional);
  const seen = new Set([...trainPairs, ...validPairs].map((p) => p.line));
  const clean = testPairs.map((p) => !seen.has(p.line));
  const titleArtist = splitOf(false);
  const withOptional = splitOf(true);
  const service = `sr-match, service features (${FEATURE_NAMES.length})`;
  const rows = [
    row("sr-match, 4 suggested features", titleArtist, BASELINE_FEATURES, testPairs, clean),
    row(`${service}, title + artist only`, titleArtist, FEATURE_NAMES, testPairs, clean),
    row(`${service} + album, duration, year columns`, withOptional, FEATURE_NAMES, testPairs, clean),
  ];
  if (prior)
    rows.push(
      row(
        `${service}, title + artist only, ${prior.name}`,
        titleArtist,
        FEATURE_NAMES,
        testPairs,
        clean,
        prior.model,
      ),
      row(
        `${service} + album, duration, year columns, ${prior.name}`,
        withOptional,
        FEATURE_NAMES,
        testPairs,
        clean,
        prior.model,
      ),
    );
  return {
    pairs: {
      train: trainPairs.length,
      valid: validPairs.length,
      test: testPairs.length,
      testAlsoInTrainOrValid: clean.filter((c) => !c).length,
    },
    rows,
  };
}

function row(
  name: string,
  split: Split<Example>,
  features: readonly (typeof FEATURE_NAMES)[number][],
  testPairs: readonly ItunesPair[],
  clean: readonly boolean[],
  source?: Model,
): BenchmarkRow {
  const fitted = fitCandidate(split, features, { source });
  const labels = testPairs.map((p) => p.label);
  return {
    name,
    features,
    threshold: fitted.threshold,
    test: fitted.test,
    cleanTestF1: evaluate(
      labels.filter((_, i) => clean[i]),
      fitted.testScores.filter((_, i) => clean[i]),
      fitted.threshold,
    ).f1,
    labels,
    scores: fitted.testScores,
  };
}

/**
 * The benchmark's own train/valid/test as examples; `optional` maps album, duration and year onto the
 * catalog's optional columns (title and artist only without it).
 */
export function itunesSplit(dir: string, optional: boolean): Split<Example> {
  return toSplit(readParts(dir), optional);
}

function readParts(dir: string): [ItunesPair[], ItunesPair[], ItunesPair[]] {
  return [readSplit(dir, "train.txt"), readSplit(dir, "valid.txt"), readSplit(dir, "test.txt")];
}

function toSplit(
  [train, valid, test]: readonly [ItunesPair[], ItunesPair[], ItunesPair[]],
  optional: boolean,
): Split<Example> {
  return {
    train: toExamples(train, "train", optional),
    validation: toExamples(valid, "valid", optional),
    test: toExamples(test, "test", optional),
  };
}
