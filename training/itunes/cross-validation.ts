import type { FeatureName } from "../../lambda/features.ts";
import type { Model } from "../../lambda/model.ts";
import {
  f1Interval,
  type Interval,
  percentileInterval,
  seededRandom,
} from "../benchmarks/quality/bootstrap.ts";
import type { Example } from "../dataset.ts";
import { logLoss } from "../fit.ts";
import { evaluate } from "../metrics.ts";
import { fitCandidate } from "../pipeline.ts";
import { hashToUnit, pairComponents } from "../split.ts";
import type { ItunesPair } from "./parse.ts";

/** Share of the pairs outside the held-out fold that choose the prior and threshold, as valid does. */
const VALIDATION_SHARE = 0.25;

/** Out-of-fold results of one feature set over repeated k-fold cross-validation. */
export interface CrossValidation {
  folds: number;
  repeats: number;
  /** F1 of each repeat's out-of-fold decisions (every pair decided once per repeat). */
  repeatF1: number[];
  /** F1 of all repeats' decisions pooled. */
  f1: number;
  /**
   * Mean log-loss of every repeat's out-of-fold scores: finer than F1, which moves only when a pair
   * crosses the threshold, so a change can show here while F1 stays inside its interval.
   */
  logLoss: number;
  /** Each pair's log-loss, the mean over the repeats: what a paired bootstrap of two rows' log-loss reads. */
  pairLogLoss: number[];
  /** Bootstrap 95 % interval of the first repeat's out-of-fold F1. */
  f1Interval: Interval;
  /** Mean false merges and missed matches per repeat. */
  falsePositives: number;
  falseNegatives: number;
  /** Indices of the pairs decided wrongly in every repeat. */
  alwaysWrong: number[];
  /** The first repeat's decisions (1 = match), pair by pair: what a paired bootstrap of two rows reads. */
  firstRepeat: number[];
}

/**
 * Each pair's group: pairs that share a record (the same record text on either side) are one group,
 * so a record is never both fitted on and held out.
 */
export function recordGroups(pairs: readonly ItunesPair[]): string[] {
  const key = (record: Record<string, string>) => JSON.stringify(record);
  const edges = pairs.map((p) => ({ q: key(p.left), m: key(p.right) }));
  const component = pairComponents(edges);
  return edges.map((e) => component(e.q));
}

/**
 * Repeated k-fold cross-validation over labelled pairs (a benchmark's train and valid parts; its test
 * part stays out). Each fold's complement is split by group into fitting and validation pairs, and
 * fitCandidate fits the weights and reads the prior and threshold there, as the benchmark rows do
 * with train and valid; the fold's pairs are then decided once. Folds and the inner split are drawn
 * by a seeded hash of each pair's group, so a run repeats. A `source` model centres every fit's prior
 * on its weights (training/prior.ts); `priorScale` fixes the prior's strength instead of reading it
 * in each fold (an ablation compares feature sets at one strength).
 */
export function crossValidate(
  examples: readonly Example[],
  groups: readonly string[],
  features: readonly FeatureName[],
  {
    folds = 5,
    repeats = 5,
    source,
    priorScale,
  }: { folds?: number; repeats?: number; source?: Model; priorScale?: number } = {},
): CrossValidation {
  const labels = examples.map((e) => e.label);
  const outOfFold = Array.from({ length: repeats }, (_, repeat) =>
    outOfFoldScores(examples, groups, features, repeat, folds, { source, priorScale }),
  );
  const runs = outOfFold.map((r) => r.decisions);
  // Decisions are 0 or 1, so a threshold of 0.5 reads them back; the pooled figures evaluate every
  // repeat's decisions as one list.
  const pooled = evaluate(
    runs.flatMap(() => labels),
    runs.flat(),
    0.5,
  );
  return {
    folds,
    repeats,
    repeatF1: runs.map((decisions) => evaluate(labels, decisions, 0.5).f1),
    f1: pooled.f1,
    logLoss: logLoss(
      outOfFold.flatMap(() => labels),
      outOfFold.flatMap((r) => r.scores),
    ),
    pairLogLoss: labels.map((label, i) =>
      logLoss(
        outOfFold.map(() => label),
        outOfFold.map((r) => r.scores[i] as number),
      ),
    ),
    f1Interval: f1Interval(labels, runs[0] ?? [], 0.5),
    falsePositives: pooled.confusion.fp / repeats,
    falseNegatives: pooled.confusion.fn / repeats,
    alwaysWrong: labels.flatMap((label, i) => (runs.every((decisions) => decisions[i] !== label) ? [i] : [])),
    firstRepeat: runs[0] ?? [],
  };
}

/**
 * The mean of `gaps` (one per pair, e.g. one row's pair log-loss minus another's) and its bootstrap
 * 95 % interval, resampling whole groups with replacement: pairs that share a record move together,
 * as they do in the folds.
 * @example groupBootstrapMean([-1, -1, 0], ["a", "a", "b"]).value // -0.667
 */
export function groupBootstrapMean(
  gaps: readonly number[],
  groups: readonly string[],
  rounds = 1000,
  seed = 8,
): Interval & { value: number } {
  const totals = new Map<string, { sum: number; size: number }>();
  gaps.forEach((gap, i) => {
    const group = groups[i] as string;
    const total = totals.get(group);
    if (total) {
      total.sum += gap;
      total.size += 1;
    } else totals.set(group, { sum: gap, size: 1 });
  });
  const sums = [...totals.values()];
  const random = seededRandom(seed);
  const means: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let [total, count] = [0, 0];
    for (let k = 0; k < sums.length; k++) {
      const { sum, size } = sums[Math.floor(random() * sums.length)] as { sum: number; size: number };
      total += sum;
      count += size;
    }
    means.push(total / Math.max(count, 1));
  }
  return { value: gaps.reduce((a, b) => a + b, 0) / Math.max(gaps.length, 1), ...percentileInterval(means) };
}

/**
 * One repeat: every pair scored and decided (1 = match) by the fit of the folds it is not in, with
 * the prior and threshold read from a group-drawn quarter of those folds' pairs.
 */
function outOfFoldScores(
  examples: readonly Example[],
  groups: readonly string[],
  features: readonly FeatureName[],
  repeat: number,
  folds: number,
  fit: { source?: Model; priorScale?: number },
): { decisions: number[]; scores: number[] } {
  const decisions = new Array<number>(examples.length).fill(0);
  const scores = new Array<number>(examples.length).fill(0);
  const foldOf = groups.map((g) => Math.floor(hashToUnit(`fold:${repeat}:${g}`) * folds));
  for (let fold = 0; fold < folds; fold++) {
    const held = examples.flatMap((_, i) => (foldOf[i] === fold ? [i] : []));
    const rest = examples.filter((_, i) => foldOf[i] !== fold);
    const restGroups = groups.filter((_, i) => foldOf[i] !== fold);
    const inValidation = restGroups.map((g) => hashToUnit(`valid:${repeat}:${fold}:${g}`) < VALIDATION_SHARE);
    const fitted = fitCandidate(
      {
        train: rest.filter((_, i) => !inValidation[i]),
        validation: rest.filter((_, i) => inValidation[i]),
        test: held.map((i) => examples[i] as Example),
      },
      features,
      fit,
    );
    held.forEach((index, j) => {
      scores[index] = fitted.testScores[j] as number;
      decisions[index] = (scores[index] as number) >= fitted.threshold ? 1 : 0;
    });
  }
  return { decisions, scores };
}
