import { ratio } from "fuzzball";

/**
 * Edit-distance similarity of two folded strings (fuzzball's ratio without processing: the inputs
 * are folded already), 0 = unrelated, 1 = identical. An empty side means nothing to compare and
 * gives 0; identical strings skip the edit distance.
 * @example stringSimilarity("yesterday", "yesterdy") // 0.94
 */
export function stringSimilarity(a: string, b: string): number {
  if (a === "" || b === "") return 0;
  if (a === b) return 1;
  return ratio(a, b, { full_process: false }) / 100;
}

/**
 * Share of the smaller set found in the larger, 0 = nothing shared, 1 = one contains the other.
 * @example overlap(new Set(["lennon"]), new Set(["john", "lennon"])) // 1
 */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const item of small) if (large.has(item)) shared++;
  return shared / small.size;
}

/**
 * Jaccard similarity of two sorted word lists, 1 when both are empty (nothing tells them apart).
 * @example jaccard(["live"], []) // 0
 */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  let shared = 0;
  // The lists hold a handful of distinct words: a scan is cheaper than building a Set per call.
  for (const item of a) if (b.includes(item)) shared++;
  return shared / (a.length + b.length - shared);
}

/**
 * True when two sorted lists hold the same items in the same order.
 * @example sameList(["part:1"], ["part:2"]) // false
 */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
