import { BASELINE_FEATURES, FEATURE_NAMES, type FeatureName } from "../lambda/features.ts";
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
 * The extra features in the groups the ablation drops together: features that read one phenomenon
 * share its credit (dropping one tag family alone would let the others stand in for it).
 */
export const FEATURE_GROUPS: readonly { name: string; features: readonly FeatureName[] }[] = (() => {
  const by = (test: (f: FeatureName) => boolean) => FEATURE_NAMES.filter(test);
  const groups = [
    { name: "sequence marks (Part 2, Reprise)", features: by((f) => f === "sequence_diff") },
    {
      name: "ISRC conflict, structure and interactions",
      features: by((f) => f.startsWith("isrc_") && f !== "isrc_match"),
    },
    {
      name: "tag families",
      features: by((f) => f.startsWith("tag_") || f === "version_diff_text_agree"),
    },
    {
      name: "fields in the wrong place (cross-field)",
      features: by((f) =>
        [
          "artists_missing",
          "title_best_sim",
          "text_overlap",
          "text_jaccard",
          "artist_in_title",
          "album_in_title",
          "title_prefix_words",
          "title_prefix_share",
          "title_lead_sim",
          "title_artist_sim",
          "glued_title_artist_sim",
        ].includes(f),
      ),
    },
    { name: "optional album, duration, year", features: by((f) => /^(album|duration|year)_/.test(f)) },
  ];
  const grouped = new Set(groups.flatMap((g) => g.features));
  const single = FEATURE_NAMES.filter((f) => !BASELINE_FEATURES.includes(f) && !grouped.has(f)).map((f) => ({
    name: f,
    features: [f],
  }));
  return [...single, ...groups];
})();

/**
 * The 4 suggested features and the final set of a training run, and the final set without each extra
 * feature or feature group (FEATURE_GROUPS unless `groups` says otherwise) fitted on the same split
 * with the final model's prior strength, so each one's worth is its drop in held-out F1.
 */
export function ablation(
  run: Pick<TrainingRun, "split" | "final" | "baseline">,
  groups: typeof FEATURE_GROUPS = FEATURE_GROUPS,
): AblationRow[] {
  const row = (name: string, c: Candidate): AblationRow => ({
    name,
    features: c.features,
    test: c.test,
    threshold: c.threshold,
    testScores: c.testScores,
  });
  const dropOne = groups.map((group) =>
    row(
      `final - ${group.name}`,
      fitCandidate(
        run.split,
        FEATURE_NAMES.filter((g) => !group.features.includes(g)),
        { priorScale: run.final.fitted.priorScale },
      ),
    ),
  );
  return [row("4 suggested", run.baseline), row("final", run.final), ...dropOne];
}
