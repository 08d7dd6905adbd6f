import { SHORT, sortFirstNumbers, sortNumbers } from "./short-lists.ts";

/**
 * Word sets as sorted arrays of 52-bit hashes, for the hot path's word counts. Comparing two records
 * this way reads two short arrays of numbers instead of a Set lookup per word, each of which visits
 * a string elsewhere in memory: over a catalog's worth of records those visits miss the CPU cache
 * and cost more than the rest of the count. Two different words share a hash with probability
 * 2⁻⁵², so a pair's count is wrong about once in 10¹⁴ pairs.
 */

/** Bits of the second hash kept below the first's 32: 32 + 20 = 52, exact in a double. */
const LOW_BITS = 20;

/**
 * The distinct hashes of some words, sorted ascending.
 * @example wordHashes(["lennon", "mccartney", "lennon"]).length // 2
 */
export function wordHashes(words: readonly string[]): number[] {
  // The hashes go into a working list kept between calls, so that only the result is allocated; an
  // indexed loop, not an iterator, so that no caller's code runs in between and calls this again.
  let n = 0;
  for (let i = 0; i < words.length; i++) hashing[n++] = wordHash(words[i] as string);
  if (n > SHORT) return withoutRepeats(sortNumbers(hashing.slice(0, n)), n);
  return withoutRepeats(sortFirstNumbers(hashing, n), n);
}

/** wordHashes' working list: doubles only, so that its copies are arrays of unboxed numbers. */
const hashing: number[] = [];

/** An exact-size copy of the first n of a sorted list, each value once. */
function withoutRepeats(sorted: number[], n: number): number[] {
  if (n === 0) return [];
  let kept = 1;
  for (let i = 1; i < n; i++) if (sorted[i] !== sorted[kept - 1]) sorted[kept++] = sorted[i] as number;
  return sorted.slice(0, kept);
}

/** FNV-1a (32 bits) and a multiplicative hash of the UTF-16 units, combined into one 52-bit integer. */
function wordHash(word: string): number {
  let high = 0x811c9dc5;
  let low = 0x9747b28c;
  for (let i = 0; i < word.length; i++) {
    const unit = word.charCodeAt(i);
    high = Math.imul(high ^ unit, 0x01000193);
    low = Math.imul(low ^ unit, 0x5bd1e995);
    low ^= low >>> 15;
  }
  return (high >>> 0) * 2 ** LOW_BITS + (low >>> (32 - LOW_BITS));
}

/**
 * How many hashes two sorted hash arrays share.
 * @example sharedHashes([1, 4, 9], [4, 9, 12]) // 2
 */
export function sharedHashes(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/**
 * Share of the shorter of two sorted hash arrays found in the other: 0 = nothing shared, 1 = one
 * holds the other; 0 when either is empty.
 * @example overlap(wordHashes(["lennon"]), wordHashes(["john", "lennon"])) // 1
 */
export function overlap(a: readonly number[], b: readonly number[]): number {
  const shorter = Math.min(a.length, b.length);
  return shorter === 0 ? 0 : sharedHashes(a, b) / shorter;
}

/**
 * Share of `part` found in `whole` (sorted hash arrays); 0 when `part` is empty.
 * @example containment(wordHashes(["pearl", "jam"]), wordHashes(["pearl", "jam", "grievance"])) // 1
 */
export function containment(part: readonly number[], whole: readonly number[]): number {
  return part.length === 0 ? 0 : sharedHashes(part, whole) / part.length;
}
