import { BASELINE_FEATURES, FEATURE_NAMES, type FeatureName } from "../lambda/features.ts";
import type { Example } from "./dataset.ts";
import { type Candidate, fitCandidate } from "./pipeline.ts";
import { groupSplit } from "./split.ts";

/** Held-out results of one feature set in the ablation. */
export interface AblationRow {
  name: string;
  features: readonly FeatureName[];
  test: Candidate["test"];
}

/**
 * Fits the 4 suggested features, the final set, and the final set without each extra feature, all on
 * the same group-aware split, so each extra feature's worth is its drop in held-out F1.
 */
export function ablation(examples: readonly Example[]): AblationRow[] {
  const split = groupSplit(examples.map((e) => ({ ...e, q: e.pair.q, m: e.pair.m })));
  const sets: [string, readonly FeatureName[]][] = [
    ["4 suggested", BASELINE_FEATURES],
    ["final", FEATURE_NAMES],
    ...FEATURE_NAMES.filter((f) => !BASELINE_FEATURES.includes(f)).map(
      (f): [string, readonly FeatureName[]] => [`final - ${f}`, FEATURE_NAMES.filter((g) => g !== f)],
    ),
  ];
  return sets.map(([name, features]) => ({ name, features, test: fitCandidate(split, features).test }));
}
