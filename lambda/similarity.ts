/**
 * Edit-distance similarity of two folded strings, 0 = unrelated, 1 = identical: fuzzball's `ratio`
 * without processing (the inputs are folded already), i.e. python-Levenshtein's ratio, where a
 * substitution costs 2: round(100 × (len a + len b − distance) / (len a + len b)) / 100. With that
 * cost the distance is len a + len b − 2 × LCS, so the ratio is computed from the longest common
 * subsequence (of UTF-16 code units, as fuzzball counts them) with a bit-parallel algorithm, several
 * times faster than fuzzball's dynamic programme and equal to it (similarity.test.ts checks it against
 * fuzzball). An empty side means nothing to compare and gives 0; identical strings skip the work.
 * @example stringSimilarity("yesterday", "yesterdy") // 0.94
 */
export function stringSimilarity(a: string, b: string): number {
  if (a === "" || b === "") return 0;
  if (a === b) return 1;
  const lensum = a.length + b.length;
  const distance = lensum - 2 * longestCommonSubsequence(a, b);
  return Math.round(100 * ((lensum - distance) / lensum)) / 100;
}

/** Per UTF-16 code unit, the bit mask of its positions in a pattern of at most 32 units; all 0 between calls. */
const SINGLE_BLOCK = new Int32Array(65_536);

/**
 * Length of the longest common subsequence of two strings, by code unit (Hyyrö's bit-vector LCS:
 * V' = (V + (V & M)) | (V & ~M), one 32-bit word per 32 units of the shorter string; the LCS is the
 * number of zero bits of V).
 * @example longestCommonSubsequence("yesterday", "yesterdy") // 8
 */
export function longestCommonSubsequence(a: string, b: string): number {
  // Two conditionals, not a destructured pair: this runs once per string comparison of every pair.
  const pattern = a.length <= b.length ? a : b;
  const text = pattern === a ? b : a;
  const m = pattern.length;
  if (m === 0) return 0;
  if (m <= 32) {
    for (let i = 0; i < m; i++) {
      const code = pattern.charCodeAt(i);
      SINGLE_BLOCK[code] = (SINGLE_BLOCK[code] as number) | (1 << i);
    }
    let v = -1;
    for (let j = 0; j < text.length; j++) {
      const match = SINGLE_BLOCK[text.charCodeAt(j)] as number;
      v = (v + (v & match)) | (v & ~match);
    }
    for (let i = 0; i < m; i++) SINGLE_BLOCK[pattern.charCodeAt(i)] = 0;
    return zeroBits(v, m);
  }
  return multiBlockLcs(pattern, text);
}

/** Per 32-unit word of a longer pattern, the same tables as SINGLE_BLOCK, made on first need. */
const BLOCKS: Int32Array[] = [];
/** Longer patterns than this (rare) keep their masks in a Map instead of 256 kB tables per word. */
const MAX_TABLE_BLOCKS = 8;

/** The multi-word form for patterns longer than 32 units; V is one 32-bit word per 32 units. */
function multiBlockLcs(pattern: string, text: string): number {
  const m = pattern.length;
  const blocks = Math.ceil(m / 32);
  const v = new Int32Array(blocks).fill(-1);
  if (blocks > MAX_TABLE_BLOCKS) return mapBlockLcs(pattern, text, v);
  while (BLOCKS.length < blocks) BLOCKS.push(new Int32Array(65_536));
  for (let i = 0; i < m; i++) {
    const table = BLOCKS[i >>> 5] as Int32Array;
    const code = pattern.charCodeAt(i);
    table[code] = (table[code] as number) | (1 << (i & 31));
  }
  for (let j = 0; j < text.length; j++) {
    const code = text.charCodeAt(j);
    let carry = 0;
    for (let k = 0; k < blocks; k++) {
      const vk = (v[k] as number) >>> 0;
      const match = (BLOCKS[k] as Int32Array)[code] as number;
      const sum = vk + ((vk & match) >>> 0) + carry;
      carry = sum > 0xffff_ffff ? 1 : 0;
      v[k] = sum | (vk & ~match);
    }
  }
  for (let i = 0; i < m; i++) (BLOCKS[i >>> 5] as Int32Array)[pattern.charCodeAt(i)] = 0;
  return zeroBitsOf(v, m);
}

/** multiBlockLcs with the masks in a Map, for patterns longer than MAX_TABLE_BLOCKS words. */
function mapBlockLcs(pattern: string, text: string, v: Int32Array): number {
  const m = pattern.length;
  const blocks = v.length;
  const masks = new Map<number, Int32Array>();
  for (let i = 0; i < m; i++) {
    const code = pattern.charCodeAt(i);
    let mask = masks.get(code);
    if (!mask) {
      mask = new Int32Array(blocks);
      masks.set(code, mask);
    }
    mask[i >>> 5] = (mask[i >>> 5] as number) | (1 << (i & 31));
  }
  for (let j = 0; j < text.length; j++) {
    // A unit absent from the pattern leaves V unchanged (no matches, so no carry either).
    const mask = masks.get(text.charCodeAt(j));
    if (!mask) continue;
    let carry = 0;
    for (let k = 0; k < blocks; k++) {
      const vk = (v[k] as number) >>> 0;
      const match = mask[k] as number;
      const sum = vk + ((vk & match) >>> 0) + carry;
      carry = sum > 0xffff_ffff ? 1 : 0;
      v[k] = sum | (vk & ~match);
    }
  }
  return zeroBitsOf(v, m);
}

/** The LCS read off V: the zero bits among the pattern's m positions. */
function zeroBitsOf(v: Int32Array, m: number): number {
  let lcs = 0;
  for (let k = 0; k < v.length; k++) lcs += zeroBits(v[k] as number, Math.min(32, m - 32 * k));
  return lcs;
}

/** How many of the low `bits` bits of a 32-bit word are 0. */
function zeroBits(word: number, bits: number): number {
  let zeros = bits === 32 ? ~word : ~word & ((1 << bits) - 1);
  let count = 0;
  while (zeros !== 0) {
    zeros &= zeros - 1;
    count++;
  }
  return count;
}

/** Two different words count as one name misspelled when their similarity reaches this (one letter of a five-letter word). */
const TYPO_SIMILARITY = 0.85;

/**
 * The share of the smaller set found in the larger, where a word also counts as shared when the
 * larger set holds it with one typo ("oldman" for "goldman", "ruise" for "cruise"): a source's
 * misspelled name still names the artist.
 * @example typoOverlap(new Set(["jason", "oldman"]), new Set(["goldman", "jason"])) // 1
 */
export function typoOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const item of small) {
    if (large.has(item)) shared++;
    else
      for (const other of large)
        if (lengthsAllowTypo(item, other) && stringSimilarity(item, other) >= TYPO_SIMILARITY) {
          shared++;
          break;
        }
  }
  return shared / small.size;
}

/**
 * typoOverlap() that also reads one name spaced two ways as shared: when the words of both sets,
 * joined without spaces in the order written, are equal ("BigJoeTurner" and "Big Joe Turner", "Fol
 * kstone" and "Folkstone", "DJP MC" and "DJ PMC", "ElP" and "El-P"), it is 1. Equal, not one typo
 * apart: over a joined name of 15 letters 0.85 allows two ("Young Jay" would be "Young Bay"). Sets
 * hold their words in the order written (artistWords builds them so).
 * @example spacedOverlap(new Set(["bigjoeturner"]), new Set(["big", "joe", "turner"])) // 1
 */
export function spacedOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  const shared = typoOverlap(a, b);
  // Two single words were compared whole already.
  if (shared === 1 || a.size === 0 || b.size === 0 || (a.size === 1 && b.size === 1)) return shared;
  return [...a].join("") === [...b].join("") ? 1 : shared;
}

/**
 * False when two different words cannot reach TYPO_SIMILARITY whatever their letters: their common
 * subsequence is at most the shorter length (one less when the lengths are equal), so the ratio is
 * at most 2 × that / (len a + len b). Most word pairs fail this, and it costs no LCS.
 */
function lengthsAllowTypo(a: string, b: string): boolean {
  const longest = a.length === b.length ? a.length - 1 : Math.min(a.length, b.length);
  // stringSimilarity rounds 100 × ratio, so 0.85 is reached from 84.5; 84.4 keeps a margin.
  return 200 * longest >= 84.4 * (a.length + b.length);
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
