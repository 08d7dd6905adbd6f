import { FEATURE_NAMES, FEATURE_VERSION, type FeatureName } from "../lambda/features.ts";
import { type Metrics, MODEL_FORMAT_VERSION, MODEL_NAME, type Model, probability } from "../lambda/model.ts";
import { type Example, splitKey } from "./dataset.ts";
import { type FittedModel, fitLogistic } from "./fit.ts";
import { evaluate, smoothedThreshold } from "./metrics.ts";
import { priorCentre } from "./prior.ts";
import { chooseReviewBand } from "./review/review-band.ts";
import { groupSplit, type Split } from "./split.ts";

/** A model fitted on some of the features, with its threshold and held-out results. */
export interface Candidate {
  features: readonly FeatureName[];
  fitted: FittedModel;
  threshold: number;
  validation: Metrics;
  test: Metrics;
  /** P(valid) for each test example, in split order. */
  testScores: number[];
  /** P(valid) for each validation example, in split order. */
  validationScores: number[];
}

/** A validation part with fewer pairs than this reads its threshold with out-of-fold training scores too. */
export const SMALL_VALIDATION = 500;
/** Folds of the training part whose out-of-fold scores join a small validation part's. */
const THRESHOLD_FOLDS = 5;

/** How fitCandidate fits, beyond its split and features; every field optional. */
export interface FitOptions {
  /** Told each round of the gradient steps (training/fit.ts). */
  onRound?: (steps: number, loss: number) => void;
  /** The prior's strength, fixed instead of chosen on validation. */
  priorScale?: number;
  /** The model whose weights centre the prior (training/prior.ts). */
  source?: Model;
}

/**
 * Fits on the training part using only `features` (the prior's strength chosen on validation unless
 * `priorScale` fixes it; the prior centred on `source`'s weights when given, see training/prior.ts),
 * picks the threshold on validation and scores the test part. A threshold
 * read from about a hundred validation pairs (iTunes-Amazon's 109) sits on one or two pairs' scores
 * and moves with them, so below SMALL_VALIDATION pairs it is read from the validation scores together
 * with out-of-fold scores of the training pairs (THRESHOLD_FOLDS refits at the same prior strength).
 * The test part never takes part.
 */
export function fitCandidate(
  split: Split<Example>,
  features: readonly FeatureName[],
  { onRound, priorScale, source }: FitOptions = {},
): Candidate {
  const columns = features.map((name) => FEATURE_NAMES.indexOf(name));
  const select = (examples: Example[]) => examples.map((e) => columns.map((c) => e.features[c] as number));
  const labels = (examples: Example[]) => examples.map((e) => e.label);
  const training = withVariants(split.train);
  const centre = source && priorCentre(source, features);
  const fitted = fitLogistic(
    select(training),
    labels(training),
    onRound,
    { rows: select(split.validation), labels: labels(split.validation) },
    priorScale,
    centre,
  );
  const score = (examples: Example[]) => select(examples).map((row) => probability(fitted, row));
  const validationScores = score(split.validation);
  const extra =
    split.validation.length < SMALL_VALIDATION
      ? outOfFoldScores(split.train, select, fitted.priorScale, centre)
      : { labels: [], scores: [] };
  const threshold = smoothedThreshold(
    [...labels(split.validation), ...extra.labels],
    [...validationScores, ...extra.scores],
  );
  const testScores = score(split.test);
  return {
    features,
    fitted,
    threshold,
    validation: evaluate(labels(split.validation), validationScores, threshold),
    test: evaluate(labels(split.test), testScores, threshold),
    testScores,
    validationScores,
  };
}

/** Training examples followed by their variants (see Example.variants), the rows a fit learns from. */
function withVariants(train: readonly Example[]): Example[] {
  return [...train, ...train.flatMap((e) => (e.variants ?? []).map((features) => ({ ...e, features })))];
}

/**
 * Scores of each training pair from a fit on the other folds (pair i in fold i mod THRESHOLD_FOLDS),
 * each fold's variants fitted with it. The folds ignore shared records: a small benchmark gives every
 * pair its own record ids.
 */
function outOfFoldScores(
  train: readonly Example[],
  select: (examples: Example[]) => number[][],
  priorScale: number,
  centre: readonly number[] | undefined,
): { labels: number[]; scores: number[] } {
  const labels: number[] = [];
  const scores: number[] = [];
  for (let fold = 0; fold < THRESHOLD_FOLDS; fold++) {
    const rest = train.filter((_, i) => i % THRESHOLD_FOLDS !== fold);
    const held = train.filter((_, i) => i % THRESHOLD_FOLDS === fold);
    const rows = withVariants(rest);
    const fitted = fitLogistic(
      select(rows),
      rows.map((e) => e.label),
      undefined,
      undefined,
      priorScale,
      centre,
    );
    for (const [i, row] of select(held).entries()) {
      labels.push((held[i] as Example).label);
      scores.push(probability(fitted, row));
    }
  }
  return { labels, scores };
}

/** The final model, the suggested 4-feature baseline and always-invalid, on one group-aware split. */
export interface TrainingRun {
  split: Split<Example>;
  final: Candidate;
  baseline: Candidate;
  alwaysInvalid: Metrics;
  /** The model the final fit's prior was centred on, if any. */
  source?: Model;
}

/**
 * Splits the examples by component (or takes a split made elsewhere, e.g. the frozen split with
 * reviewed pairs) and fits the final and baseline feature sets on the same split; the final one's
 * prior centred on `source`'s weights when given (the baseline stays the suggested 4 features alone).
 */
export function runTraining(
  examples: readonly Example[],
  onRound?: (steps: number, loss: number) => void,
  split: Split<Example> = groupSplit(examples.map(splitKey)),
  source?: Model,
): TrainingRun {
  const final = fitCandidate(split, FEATURE_NAMES, { onRound, source });
  const baseline = fitCandidate(split, FEATURE_NAMES.slice(0, 4));
  const testLabels = split.test.map((e) => e.label);
  return {
    split,
    final,
    baseline,
    ...(source && { source }),
    alwaysInvalid: evaluate(
      testLabels,
      testLabels.map(() => 0),
      0.5,
    ),
  };
}

/** The model file for a training run's final candidate. */
export function toModel(run: TrainingRun, fingerprint: string): Model {
  const { final } = run;
  return {
    name: MODEL_NAME,
    formatVersion: MODEL_FORMAT_VERSION,
    featureVersion: FEATURE_VERSION,
    featureNames: [...FEATURE_NAMES],
    scaling: final.fitted.scaling,
    weights: final.fitted.weights,
    intercept: final.fitted.intercept,
    threshold: final.threshold,
    trainedAt: new Date().toISOString(),
    training: {
      fingerprint,
      pairs: {
        train: run.split.train.length,
        validation: run.split.validation.length,
        test: run.split.test.length,
      },
      iterations: final.fitted.iterations,
      learningRate: final.fitted.learningRate,
      priorScale: final.fitted.priorScale,
      ...(run.source && {
        priorModel: { trainedAt: run.source.trainedAt, fingerprint: run.source.training.fingerprint },
      }),
    },
    metrics: {
      validation: final.validation,
      test: final.test,
      baselineFourFeatures: run.baseline.test,
      alwaysInvalid: run.alwaysInvalid,
    },
    estimator: final.fitted.estimator,
    reviewBand: chooseReviewBand(
      run.split.validation.map((e) => e.label),
      final.validationScores,
    ),
  };
}
