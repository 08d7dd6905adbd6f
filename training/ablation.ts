import { BASELINE_FEATURES, FEATURE_NAMES, type FeatureName } from "../lambda/features.ts";
import { type Candidate, fitCandidate, type TrainingRun } from "./pipeline.ts";

/** Held-out results of one feature set in the ablation. */
export interface AblationRow {
  name: string;
  features: readonly FeatureName[];
  test: Candidate["test"];
}

/**
 * The 4 suggested features and the final set of a training run, and the final set without each extra
 * feature fitted on the same group-aware split, so each extra feature's worth is its drop in held-out F1.
 */
export function ablation(run: TrainingRun): AblationRow[] {
  const dropOne = FEATURE_NAMES.filter((f) => !BASELINE_FEATURES.includes(f)).map((dropped) => {
    const features = FEATURE_NAMES.filter((g) => g !== dropped);
    return { name: `final - ${dropped}`, features, test: fitCandidate(run.split, features).test };
  });
  return [
    { name: "4 suggested", features: run.baseline.features, test: run.baseline.test },
    { name: "final", features: run.final.features, test: run.final.test },
    ...dropOne,
  ];
}
