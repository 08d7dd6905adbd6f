import type { Pair } from "../csv.ts";
import { pairKey, type ReviewRow } from "./review-store.ts";

/** Groundtruth with reviewed labels merged in. */
export interface MergedLabels {
  /** The groundtruth pairs, in file order, each with its reviewed label when it has one. */
  base: Pair[];
  /** Reviewed pairs the groundtruth does not hold. */
  added: Pair[];
  /** How many groundtruth labels a review changed. */
  changed: number;
  /** How many groundtruth rows have a review (agreeing or not). */
  reviewed: number;
}

/**
 * Merges reviewed labels (the latest valid/invalid answer per unordered pair, see reviewedLabels)
 * into the groundtruth: a reviewed pair overrides its groundtruth row, new pairs are added.
 */
export function mergeReviews(
  groundtruth: readonly Pair[],
  reviews: ReadonlyMap<string, ReviewRow & { label: "valid" | "invalid" }>,
): MergedLabels {
  const used = new Set<string>();
  let changed = 0;
  let reviewed = 0;
  const base = groundtruth.map((pair) => {
    const key = pairKey(pair.q, pair.m);
    const review = reviews.get(key);
    if (!review) return pair;
    used.add(key);
    reviewed++;
    if (review.label !== pair.tag) changed++;
    return { ...pair, tag: review.label };
  });
  const added = [...reviews.entries()]
    .filter(([key]) => !used.has(key))
    .map(([, review]) => ({ q: review.q, m: review.m, tag: review.label }));
  return { base, added, changed, reviewed };
}
