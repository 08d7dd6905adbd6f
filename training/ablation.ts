import { FEATURE_NAMES, type FeatureName } from "../lambda/features.ts";
import { type Candidate, fitCandidate, type TrainingRun } from "./pipeline.ts";

/** Held-out results of one feature set in the ablation. */
export interface AblationRow {
  name: string;
  features: readonly FeatureName[];
  test: Candidate["test"];
  threshold: number;
  /** P(valid) per test pair, in split order (for paired bootstrap intervals). */
  testScores: readonly number[];
}

/**
 * The 4 suggested features and the final set of a training run, and the final set without each of
 * its features (every name in FEATURE_NAMES, whatever they are) fitted on the same group-aware split,
 * so each feature's worth is its drop in held-out F1 given all the others.
 */
export function ablation(run: TrainingRun): AblationRow[] {
  const row = (name: string, c: Candidate): AblationRow => ({
    name,
    features: c.features,
    test: c.test,
    threshold: c.threshold,
    testScores: c.testScores,
  });
  const dropOne = FEATURE_NAMES.map((dropped) =>
    row(
      `final - ${dropped}`,
      fitCandidate(
        run.split,
        FEATURE_NAMES.filter((g) => g !== dropped),
      ),
    ),
  );
  return [row("4 suggested", run.baseline), row("final", run.final), ...dropOne];
}
