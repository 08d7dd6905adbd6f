/**
 * Fixed habits of each source: how often it writes in capitals, keeps native scripts, drops
 * contributors, where it puts featured artists and whether it inverts "The ...". Derived from the
 * source name only, so a source behaves the same in every pair.
 */
import { sourceHash } from "./sources.ts";

/** Probabilities (0..1) of one service's spelling habits. */
export interface ServiceStyle {
  readonly caps: number;
  readonly native: number;
  readonly missingContributors: number;
  /** Weights for featured-artist placement: in the title, in the artist list, inline `A feat. X`. */
  readonly feat: readonly [number, number, number];
  readonly invertArticle: number;
  /** Probability of writing a field in the wrong place (`Artist - Title`, `Title (Album)`, `07-Title`). */
  readonly misplaced: number;
  /** Weights for contributor name formats: full, surname, initial, family first. */
  readonly nameFormat: readonly [number, number, number, number];
}

/** The style of `source`. */
export function styleOf(source: string): ServiceStyle {
  const h = sourceHash(source);
  if (source.includes("spotify")) {
    return {
      caps: 0.02,
      native: 0.75,
      missingContributors: 0.28,
      feat: [0.15, 0.8, 0.05],
      invertArticle: 0.03,
      misplaced: 0.005,
      nameFormat: [0.8, 0.08, 0.06, 0.06],
    };
  }
  if (source.includes("youtube")) {
    return {
      caps: 0.06,
      native: 0.6,
      missingContributors: 0.55,
      feat: [0.45, 0.25, 0.3],
      invertArticle: 0.06,
      misplaced: 0.12,
      nameFormat: [0.7, 0.14, 0.08, 0.08],
    };
  }
  if (source.includes("apple")) {
    return {
      caps: 0.01,
      native: 0.85,
      missingContributors: 0.18,
      feat: [0.8, 0.15, 0.05],
      invertArticle: 0.02,
      misplaced: 0.005,
      nameFormat: [0.86, 0.04, 0.05, 0.05],
    };
  }
  if (source.startsWith("crawler_")) {
    return {
      caps: h % 4 === 0 ? 0.85 : 0.12,
      native: 0.35,
      missingContributors: 0.42,
      feat: [0.35, 0.35, 0.3],
      invertArticle: h % 3 === 0 ? 0.5 : 0.1,
      misplaced: h % 5 === 0 ? 0.3 : 0.03,
      nameFormat: h % 2 === 0 ? [0.45, 0.25, 0.15, 0.15] : [0.6, 0.15, 0.15, 0.1],
    };
  }
  return {
    caps: 0.08,
    native: 0.5,
    missingContributors: 0.35,
    feat: [0.4, 0.4, 0.2],
    invertArticle: 0.1,
    misplaced: 0.02,
    nameFormat: [0.7, 0.12, 0.1, 0.08],
  };
}
