import type { FeatureName } from "../../lambda/features.ts";
import { f1Interval, type Interval } from "../benchmarks/quality/bootstrap.ts";
import type { Example } from "../dataset.ts";
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
  /** Bootstrap 95 % interval of the first repeat's out-of-fold F1. */
  f1Interval: Interval;
  /** Mean false merges and missed matches per repeat. */
  falsePositives: number;
  falseNegatives: number;
  /** Indices of the pairs decided wrongly in every repeat. */
  alwaysWrong: number[];
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
 * by a seeded hash of each pair's group, so a run repeats.
 */
export function crossValidate(
  examples: readonly Example[],
  groups: readonly string[],
  features: readonly FeatureName[],
  { folds = 5, repeats = 5 }: { folds?: number; repeats?: number } = {},
): CrossValidation {
  const wrongCount = new Array<number>(examples.length).fill(0);
  const repeatF1: number[] = [];
  const total = { tp: 0, fp: 0, fn: 0 };
  let firstRepeat: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const counts = { tp: 0, fp: 0, fn: 0 };
    const decisions = new Array<number>(examples.length).fill(0);
    const foldOf = groups.map((g) => Math.floor(hashToUnit(`fold:${repeat}:${g}`) * folds));
    for (let fold = 0; fold < folds; fold++) {
      const held = examples.flatMap((_, i) => (foldOf[i] === fold ? [i] : []));
      const rest = examples.filter((_, i) => foldOf[i] !== fold);
      const restGroups = groups.filter((_, i) => foldOf[i] !== fold);
      const inValidation = restGroups.map(
        (g) => hashToUnit(`valid:${repeat}:${fold}:${g}`) < VALIDATION_SHARE,
      );
      const fitted = fitCandidate(
        {
          train: rest.filter((_, i) => !inValidation[i]),
          validation: rest.filter((_, i) => inValidation[i]),
          test: held.map((i) => examples[i] as Example),
        },
        features,
      );
      held.forEach((index, j) => {
        const predicted = (fitted.testScores[j] as number) >= fitted.threshold ? 1 : 0;
        const label = (examples[index] as Example).label;
        decisions[index] = predicted;
        if (predicted !== label) wrongCount[index] = (wrongCount[index] ?? 0) + 1;
        if (predicted === 1 && label === 1) counts.tp++;
        else if (predicted === 1) counts.fp++;
        else if (label === 1) counts.fn++;
      });
    }
    if (repeat === 0) firstRepeat = decisions;
    repeatF1.push(f1Of(counts));
    total.tp += counts.tp;
    total.fp += counts.fp;
    total.fn += counts.fn;
  }
  return {
    folds,
    repeats,
    repeatF1,
    f1: f1Of(total),
    f1Interval: f1Interval(
      examples.map((e) => e.label),
      firstRepeat,
      0.5,
    ),
    falsePositives: total.fp / repeats,
    falseNegatives: total.fn / repeats,
    alwaysWrong: wrongCount.flatMap((n, i) => (n === repeats ? [i] : [])),
  };
}

function f1Of({ tp, fp, fn }: { tp: number; fp: number; fn: number }): number {
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}
