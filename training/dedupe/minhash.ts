import { gramHashes } from "./embed.ts";

/** Bands and rows of the signature by default. */
export const MINHASH_BANDS = 32;
export const MINHASH_ROWS = 2;

/** Options of {@link minhashNeighbours}. */
export interface MinhashOptions {
  /** Bands of the signature; a pair sharing one band's values is a candidate. Default 32. */
  bands?: number;
  /** Hash values per band. Default 2: a pair of Jaccard similarity J meets with 1 - (1 - J²)³². */
  rows?: number;
  /** Buckets larger than this propose no pairs (a band value common to many texts). Default 30. */
  maxBucket?: number;
  /** Character n-gram length. Default 3, as the embedder's. */
  n?: number;
}

/**
 * Each text's k nearest neighbours by estimated Jaccard similarity of its character n-grams, found by
 * MinHash locality-sensitive hashing (Broder 1997; Leskovec, Rajaraman & Ullman, "Mining of Massive
 * Datasets", ch. 3) instead of a vector index: every text gets bands × rows minimum hashes of its
 * n-grams; texts that agree on all values of one band meet in that band's bucket; among the texts
 * it meets, each keeps the k that agree on the most signature values (ties: the lower index). The
 * band values are plain keys, so the search is a sort per band here and an equality join in SQL.
 * Returns pairs [row, neighbour, ...], at most k per row, never the row itself. Its three steps
 * (signRows, fillBand, topNeighbours) take ranges of rows or bands, so threads can share them.
 * @example minhashNeighbours(["yesterday the beatles", "yesterday beatles the", "let it be"], 1)
 * // [0, 1, 1, 0]
 */
export function minhashNeighbours(
  texts: readonly string[],
  k: number,
  options: MinhashOptions = {},
): Uint32Array {
  const layout = minhashLayout(options);
  const tables = minhashTables(texts.length, layout, false);
  signRows(texts, tables, 0, texts.length);
  for (let band = 0; band < layout.bands; band++) fillBand(tables, band);
  return topNeighbours(k, tables, 0, texts.length);
}

/** The signature's shape and the bucket limit, defaults filled in. */
export interface MinhashLayout {
  bands: number;
  rows: number;
  maxBucket: number;
  gram: number;
  /** bands × rows hash values per text. */
  width: number;
}

/** The options' layout; a RangeError when bands × rows is no multiple of 4 (the ranking reads four at a time). */
export function minhashLayout(options: MinhashOptions = {}): MinhashLayout {
  const { bands = MINHASH_BANDS, rows = MINHASH_ROWS, maxBucket = 30, n: gram = 3 } = options;
  const width = bands * rows;
  if (width % 4 !== 0) throw new RangeError(`bands × rows must be a multiple of 4, got ${width}`);
  return { bands, rows, maxBucket, gram, width };
}

/**
 * What the search builds for its layout, in arrays that threads can share: each text's signature
 * (row-major), its values' low bytes for the ranking, and per band the texts sorted by band value
 * with each text's bucket as [start, end) in that order (end = start for a bucket over the limit).
 */
export interface MinhashTables {
  layout: MinhashLayout;
  count: number;
  signature: Uint32Array;
  lowBytes: Uint8Array;
  order: Uint32Array[];
  start: Uint32Array[];
  end: Uint32Array[];
}

/** Empty tables for `count` texts, in SharedArrayBuffers when `shared` (for worker threads). */
export function minhashTables(count: number, layout: MinhashLayout, shared: boolean): MinhashTables {
  const bytes = (length: number) => (shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length));
  const perBand = () => Array.from({ length: layout.bands }, () => new Uint32Array(bytes(count * 4)));
  return {
    layout,
    count,
    signature: new Uint32Array(bytes(count * layout.width * 4)),
    lowBytes: new Uint8Array(bytes(count * layout.width)),
    order: perBand(),
    start: perBand(),
    end: perBand(),
  };
}

/**
 * Rows [from, to) of the signature: `width` minimum hashes of each text's n-grams (a text without
 * n-grams keeps 2³² - 1), and their low bytes (b-bit MinHash) for the ranking.
 */
export function signRows(
  texts: ArrayLike<string>,
  tables: Pick<MinhashTables, "layout" | "signature" | "lowBytes">,
  from: number,
  to: number,
): void {
  const { signature, lowBytes } = tables;
  const { width, gram } = tables.layout;
  const seeds = Uint32Array.from({ length: width }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);
  signature.fill(0xffffffff, from * width, to * width);
  for (let i = from; i < to; i++) {
    const base = i * width;
    for (const g of new Set(gramHashes(texts[i] as string, gram)))
      for (let h = 0; h < width; h++) {
        const x = mix(g ^ (seeds[h] as number));
        if (x < (signature[base + h] as number)) signature[base + h] = x;
      }
    for (let h = base; h < base + width; h++) lowBytes[h] = (signature[h] as number) & 0xff;
  }
}

/** murmur3's 32-bit finaliser: a cheap, well-spread permutation of 32-bit integers. */
function mix(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Band `band`'s buckets into the tables, from every row's signature. */
export function fillBand(tables: MinhashTables, band: number): void {
  const { count, signature } = tables;
  const { width, rows, maxBucket } = tables.layout;
  const first = band * rows;
  const order = tables.order[band] as Uint32Array;
  const start = tables.start[band] as Uint32Array;
  const end = tables.end[band] as Uint32Array;
  // Band value and row packed into one float64 (53 bits), so one numeric sort groups the buckets;
  // past 2²¹ rows the value keeps fewer bits, which only merges a few buckets.
  const indexBits = Math.max(1, Math.ceil(Math.log2(count + 1)));
  const keyShift = Math.max(0, indexBits - 21);
  const scale = 2 ** indexBits;
  const packed = new Float64Array(count);
  for (let i = 0; i < count; i++)
    packed[i] = (bandValue(signature, i * width + first, rows) >>> keyShift) * scale + i;
  packed.sort();
  let from = 0;
  for (let i = 1; i <= count; i++) {
    if (
      i < count &&
      Math.floor((packed[i] as number) / scale) === Math.floor((packed[from] as number) / scale)
    )
      continue;
    const to = i - from > maxBucket ? from : i;
    for (let a = from; a < i; a++) {
      const row = (packed[a] as number) % scale;
      order[a] = row;
      start[row] = from;
      end[row] = to;
    }
    from = i;
  }
}

/** A band's value: FNV-1a over its `rows` hash values from `at`, an unsigned 32-bit integer. */
function bandValue(signature: Uint32Array, at: number, rows: number): number {
  let key = 0x811c9dc5;
  for (let r = 0; r < rows; r++) key = Math.imul(key ^ (signature[at + r] as number), 0x01000193);
  return key >>> 0;
}

/** One text's MinHash as a table row: what the batch engine's SQL search reads (sql.ts, MINHASH_BUCKETS and MINHASH_PART). */
export interface MinhashRow {
  /** Per band, band × 2³² + the band's value: one bucket id, unique across bands. */
  buckets: number[];
  /** The signature's low bytes, which rank the texts a text meets (topNeighbours). */
  low: number[];
}

/**
 * Each text's buckets and low bytes, as {@link fillBand} and {@link topNeighbours} read them; the
 * in-memory search and a search joining these rows on equal buckets (at most `maxBucket` texts to a
 * bucket) find the same neighbours, up to 2²¹ texts (past that fillBand merges a few buckets).
 */
export function minhashRows(texts: readonly string[], options: MinhashOptions = {}): MinhashRow[] {
  const layout = minhashLayout(options);
  const { width, rows, bands } = layout;
  const count = texts.length;
  // The signature alone: no bands are filled here.
  const tables = {
    layout,
    signature: new Uint32Array(count * width),
    lowBytes: new Uint8Array(count * width),
  };
  signRows(texts, tables, 0, count);
  return texts.map((_, i) => ({
    buckets: Array.from(
      { length: bands },
      (_, band) => band * 2 ** 32 + bandValue(tables.signature, i * width + band * rows, rows),
    ),
    low: Array.from(tables.lowBytes.subarray(i * width, (i + 1) * width)),
  }));
}

/** How many of the 4-byte words' bytes are equal in a and b (0-4 per word), summed over `words`. */
function equalBytes(ranks: Uint32Array, a: number, b: number, words: number): number {
  let same = 0;
  for (let w = 0; w < words; w++) {
    const x = (ranks[a * words + w] as number) ^ (ranks[b * words + w] as number);
    // High bit of each byte set where the byte of x is 0 (Hacker's Delight, 6-1), then summed.
    const zero = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
    same += Math.imul(zero >>> 7, 0x01010101) >>> 24;
  }
  return same;
}

/**
 * The k best partners of each row in [from, to) among the rows it meets in any band, as pairs
 * [row, partner, ...] in row order; ranges cut anywhere give, joined, the pairs of the whole.
 */
export function topNeighbours(k: number, tables: MinhashTables, from: number, to: number): Uint32Array {
  const { count, order, start, end } = tables;
  const words = tables.layout.width / 4;
  const ranks = new Uint32Array(tables.lowBytes.buffer, tables.lowBytes.byteOffset, count * words);
  const seen = new Int32Array(count).fill(-1);
  const bestId = new Int32Array(k);
  const bestScore = new Int32Array(k);
  const out = new Uint32Array((to - from) * k * 2);
  let m = 0;
  for (let i = from; i < to; i++) {
    let filled = 0;
    for (let band = 0; band < order.length; band++) {
      const bandOrder = order[band] as Uint32Array;
      for (
        let a = (start[band] as Uint32Array)[i] as number, stop = (end[band] as Uint32Array)[i] as number;
        a < stop;
        a++
      ) {
        const j = bandOrder[a] as number;
        if (j === i || seen[j] === i) continue;
        seen[j] = i;
        const score = equalBytes(ranks, i, j, words);
        if (filled === k && !better(score, j, bestScore[k - 1] as number, bestId[k - 1] as number)) continue;
        let q = filled < k ? filled++ : k - 1;
        for (; q > 0 && better(score, j, bestScore[q - 1] as number, bestId[q - 1] as number); q--) {
          bestScore[q] = bestScore[q - 1] as number;
          bestId[q] = bestId[q - 1] as number;
        }
        bestScore[q] = score;
        bestId[q] = j;
      }
    }
    for (let q = 0; q < filled; q++) {
      out[m++] = i;
      out[m++] = bestId[q] as number;
    }
  }
  return out.subarray(0, m);
}

/** Higher score first; on a tie the lower row, so the result does not depend on the bands' order. */
function better(score: number, id: number, otherScore: number, otherId: number): boolean {
  return score > otherScore || (score === otherScore && id < otherId);
}
