import { BASELINE_FEATURES, FEATURE_NAMES, type FeatureName } from "../../lambda/features.ts";
import type { Example } from "../dataset.ts";
import { fitCandidate } from "../pipeline.ts";
import { Rng } from "../sample/rng.ts";
import type { Split } from "../split.ts";

/** Held-out F1 of one feature set fitted on the first `trainPairs` pairs of the shuffled train part. */
export interface LearningPoint {
  model: "final" | "4 suggested";
  trainPairs: number;
  f1: number;
}

/** Shares of the train part used by default; the last one is the full training run. */
export const LEARNING_SHARES = [0.02, 0.05, 0.1, 0.25, 0.5, 1] as const;

/**
 * Refits on growing random subsets of the train part while validation (threshold) and test stay
 * fixed, so the curve shows whether more labelled pairs would still help. The shuffle is seeded.
 */
export function learningCurve(
  split: Split<Example>,
  shares: readonly number[] = LEARNING_SHARES,
  seed = 1,
): LearningPoint[] {
  const rng = new Rng(seed);
  const shuffled = [...split.train];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as Example, shuffled[i] as Example];
  }
  const sets: [LearningPoint["model"], readonly FeatureName[]][] = [
    ["final", FEATURE_NAMES],
    ["4 suggested", BASELINE_FEATURES],
  ];
  return shares.flatMap((share) => {
    const train = shuffled.slice(0, Math.max(20, Math.round(share * shuffled.length)));
    return sets.map(([model, features]) => ({
      model,
      trainPairs: train.length,
      f1: fitCandidate({ ...split, train }, features).test.f1,
    }));
  });
}
