import { FEATURE_NAMES, type FeatureName } from "../../../lambda/features.ts";
import type { AblationRow } from "../../ablation.ts";
import type { Example } from "../../dataset.ts";
import { crossValidate } from "../../itunes/cross-validation.ts";
import { evaluate } from "../../metrics.ts";
import { ablationIntervals } from "../../report/ablation-intervals.ts";
import { splitGroups } from "../../split.ts";
import type { DatasetAblation } from "./ablation-table.ts";

/** Folds of the cross-validated ablation: each labelled pair is decided once, by a fit on the others. */
const FOLDS = 5;

/** A dataset's labelled pairs, their groups, and the final set's out-of-fold decisions. */
export interface CrossValidatedContext {
  dataset: string;
  examples: Example[];
  groups: string[];
  priorScale: number;
  final: number[];
}

/**
 * The final set's out-of-fold decisions over every labelled pair, folds drawn by the split's groups
 * (a recording is never fitted on and decided in one fold; a pair whose two records fall in two
 * groups is left out), at a fixed prior strength. A single test part of a few thousand pairs cannot
 * resolve gaps under about half a point; every pair decided once can.
 */
export function crossValidatedContext(
  dataset: string,
  labelled: readonly Example[],
  priorScale: number,
): CrossValidatedContext {
  const groupOf = splitGroups(labelled.map((e) => ({ ...e.pair })));
  const examples = labelled.filter((e) => groupOf(e.pair.q) === groupOf(e.pair.m));
  const groups = examples.map((e) => groupOf(e.pair.q));
  return {
    dataset,
    examples,
    groups,
    priorScale,
    final: decisions({ examples, groups, priorScale }, FEATURE_NAMES),
  };
}

/** The ablation of `featureGroups` with the context's out-of-fold decisions: a final row and one per group. */
export function crossValidatedAblation(
  context: CrossValidatedContext,
  featureGroups: readonly { name: string; features: readonly FeatureName[] }[],
): DatasetAblation {
  const labels = context.examples.map((e) => e.label);
  const row = (name: string, features: readonly FeatureName[], decided: number[]): AblationRow => ({
    name,
    features,
    test: evaluate(labels, decided, 0.5),
    threshold: 0.5,
    testScores: decided,
  });
  const rows = [
    row("final", FEATURE_NAMES, context.final),
    ...featureGroups.map((group) => {
      const features = FEATURE_NAMES.filter((f) => !group.features.includes(f));
      return row(`final - ${group.name}`, features, decisions(context, features));
    }),
  ];
  return { dataset: context.dataset, n: labels.length, rows: ablationIntervals(labels, rows) };
}

function decisions(
  context: Pick<CrossValidatedContext, "examples" | "groups" | "priorScale">,
  features: readonly FeatureName[],
): number[] {
  return crossValidate(context.examples, context.groups, features, {
    folds: FOLDS,
    repeats: 1,
    priorScale: context.priorScale,
  }).firstRepeat;
}
