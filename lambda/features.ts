import type { PreparedRecording } from "./recording.ts";
import { jaccard, overlap, stringSimilarity } from "./similarity.ts";

/**
 * The features of a pair, in model order. The first four are the suggested baseline; the model file
 * records these names and loading refuses a model whose names differ.
 */
export const FEATURE_NAMES = [
  "title_sim",
  "artists_sim",
  "contributors_sim",
  "isrc_match",
  "isrc_conflict",
  "contributors_missing",
  "version_sim",
  "title_full_sim",
  "artists_overlap",
  "contributors_overlap",
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** The four suggested features: title, artists, contributors similarity and ISRC coincidence. */
export const BASELINE_FEATURES: readonly FeatureName[] = FEATURE_NAMES.slice(0, 4);

/** Bumped whenever a feature's definition changes, so old models are refused. */
export const FEATURE_VERSION = 1;

/**
 * Similarity features of two prepared recordings, each in [0, 1], in FEATURE_NAMES order.
 * Missing fields are told apart from mismatches: `isrc_match` and `isrc_conflict` are both 0 when
 * either side has no ISRC, and `contributors_missing` is 1 when either side has no contributors.
 */
export function extractFeatures(a: PreparedRecording, b: PreparedRecording): number[] {
  const contributorsMissing = a.contributors.words.size === 0 || b.contributors.words.size === 0;
  const isrcsPresent = a.isrcs.length > 0 && b.isrcs.length > 0;
  const isrcShared = isrcsPresent && a.isrcs.some((code) => b.isrcs.includes(code));
  const titleSim = stringSimilarity(a.titleCore, b.titleCore);
  // Without version tags the full titles are the core titles: same value, one edit distance saved.
  const untagged = a.titleFull === a.titleCore && b.titleFull === b.titleCore;
  return [
    titleSim,
    stringSimilarity(a.artists.key, b.artists.key),
    stringSimilarity(a.contributors.key, b.contributors.key),
    isrcShared ? 1 : 0,
    isrcsPresent && !isrcShared ? 1 : 0,
    contributorsMissing ? 1 : 0,
    jaccard(a.versionWords, b.versionWords),
    untagged ? titleSim : stringSimilarity(a.titleFull, b.titleFull),
    overlap(a.artists.words, b.artists.words),
    overlap(a.contributors.words, b.contributors.words),
  ];
}
