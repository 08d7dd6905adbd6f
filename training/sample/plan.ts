/**
 * How many pairs of each structure a sample of `pairs` rows gets, scaled from the real catalog's
 * figures (SEED-DATA-PROFILE.md: 28,371 pairs, 36.0 % valid, 1,193 repeated appearances of ids).
 */

/** Figures of the real catalog that the plan scales. */
export const PROFILE = {
  pairs: 28371,
  valid: 10203,
  extraAppearances: 1193,
  repeats: 28,
  reversedRepeats: 4,
};

/** Sizes of the large valid clusters (one recording on many services) at full size. */
const BIG_CLUSTERS = [29, 21, 16, 13, 11, 9, 8, 7, 7, 6, 6, 5, 5, 5, 5, 5, 5];

/** Counts of each structure; see catalog.ts for how each is built. */
export interface Plan {
  clusters: number[];
  triangles: number;
  repeats: number;
  reversedRepeats: number;
  reuseNegatives: number;
  /** Single pairs between two fresh records. */
  singles: number;
  singlesValid: number;
  /** Single pairs whose label is flipped (label noise), half each way. */
  flips: number;
}

/** The fewest pairs a plan is made for. */
export const MIN_PAIRS = 100;

/** The plan for `pairs` rows (at least MIN_PAIRS). */
export function makePlan(pairs: number): Plan {
  if (!Number.isInteger(pairs) || pairs < MIN_PAIRS)
    throw new RangeError(`pairs must be an integer >= ${MIN_PAIRS}, got ${pairs}`);
  const s = pairs / PROFILE.pairs;
  const nBig = Math.max(1, Math.round(BIG_CLUSTERS.length * s));
  const clusters = [
    ...BIG_CLUSTERS.slice(0, nBig).map((k) => Math.max(4, Math.round(k * Math.min(1, Math.sqrt(s))))),
    ...Array<number>(Math.round(45 * s)).fill(4),
    ...Array<number>(Math.round(170 * s)).fill(3),
  ];
  const clusterEdges = clusters.reduce((a, k) => a + k - 1, 0);
  const clusterExtra = clusters.reduce((a, k) => a + k - 2, 0);
  const triangles = Math.round(100 * s);
  const repeats = Math.round(PROFILE.repeats * s);
  const reversedRepeats = Math.max(1, Math.round(PROFILE.reversedRepeats * s));
  const extraSoFar = 3 + clusterExtra + 3 * triangles + 2 + 2 * (repeats + reversedRepeats);
  const reuseNegatives = Math.max(0, Math.round(PROFILE.extraAppearances * s) - extraSoFar);
  const fixed = 3 + clusterEdges + 3 * triangles + 1 + repeats + reversedRepeats + reuseNegatives;
  const singles = pairs - fixed;
  if (singles < 10) throw new RangeError(`pairs=${pairs} is too small for the plan`);
  const valid = Math.round((PROFILE.valid / PROFILE.pairs) * pairs);
  const reps = repeats + reversedRepeats;
  const singlesValid = Math.round(((valid - 1 - clusterEdges - triangles) * singles) / (singles + reps));
  return {
    clusters,
    triangles,
    repeats,
    reversedRepeats,
    reuseNegatives,
    singles,
    singlesValid,
    flips: Math.round(0.01 * singles),
  };
}
