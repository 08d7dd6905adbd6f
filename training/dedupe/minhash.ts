import { gramHashesInto } from "./embed.ts";

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
  /**
   * Least estimated Jaccard similarity of a proposed pair: the share of the bands × rows hash values
   * two texts agree on. Default MINHASH_MIN_SIMILARITY.
   */
  minSimilarity?: number;
}

/**
 * Texts that agree on fewer than a quarter of their hash values are not proposed, even when they are
 * among a text's k best. Such pairs were 81 % of MusicBrainz 20K's neighbour pairs that no blocking
 * rule proposes, and held 18 of their 2,944 true pairs: its candidates fell from 7.23 to 1.96 per
 * record, its pairs completeness from 0.9967 to 0.9956, its cluster pairwise F1 went from 0.9877 to
 * 0.9886. A higher floor loses iTunes-Amazon Dirty's matches, whose sides share little text
 * (docs/measurements.md, "A similarity floor for MinHash neighbours").
 */
export const MINHASH_MIN_SIMILARITY = 0.25;

/**
 * How a run found its MinHash neighbours, for its summary; `where` says where the search ran when
 * not in memory (the batch engine's " in SQL (2 parts)").
 * @example minhashLabel(10) // "minhash-char-3gram 32x2 LSH, top k=10, similarity ≥ 0.25"
 */
export function minhashLabel(k: number, where = ""): string {
  return `minhash-char-3gram ${MINHASH_BANDS}x${MINHASH_ROWS} LSH${where}, top k=${k}, similarity ≥ ${MINHASH_MIN_SIMILARITY}`;
}

/**
 * Each text's k nearest neighbours by estimated Jaccard similarity of its character n-grams, found by
 * MinHash locality-sensitive hashing (Broder 1997; Leskovec, Rajaraman & Ullman, "Mining of Massive
 * Datasets", ch. 3) instead of a vector index: every text gets bands × rows minimum hashes of its
 * n-grams; texts that agree on all values of one band meet in that band's bucket; among the texts
 * it meets, each keeps the k that agree on the most signature values (ties: the lower index), of
 * those that agree on at least minSimilarity of them (MINHASH_MIN_SIMILARITY by default). The
 * band values are plain keys, so the search is a sort per band here and an equality join in SQL.
 * Returns pairs [row, neighbour, ...], at most k per row, never the row itself. Its steps (signRows,
 * fillBand, bandNeighbours, then neighbourPairs) take ranges of rows or bands, so threads can share
 * them.
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
  return neighbourPairs(k, texts.length, [bandNeighbours(k, tables, 0, layout.bands)]);
}

/** The signature's shape and the bucket limit, defaults filled in. */
export interface MinhashLayout {
  bands: number;
  rows: number;
  maxBucket: number;
  gram: number;
  /** bands × rows hash values per text. */
  width: number;
  /** Least hash values a proposed pair agrees on: minSimilarity × width, rounded up. */
  minEqual: number;
}

/** The options' layout; a RangeError when bands × rows is no multiple of 4 (the ranking reads four at a time). */
export function minhashLayout(options: MinhashOptions = {}): MinhashLayout {
  const {
    bands = MINHASH_BANDS,
    rows = MINHASH_ROWS,
    maxBucket = 30,
    n: gram = 3,
    minSimilarity = MINHASH_MIN_SIMILARITY,
  } = options;
  const width = bands * rows;
  if (width % 4 !== 0) throw new RangeError(`bands × rows must be a multiple of 4, got ${width}`);
  return { bands, rows, maxBucket, gram, width, minEqual: Math.ceil(minSimilarity * width) };
}

/**
 * What the search builds for its layout, in arrays that threads can share: each text's signature
 * (row-major), its values' low bytes for the ranking, and per band the buckets that can propose a
 * pair (2 to maxBucket texts): their rows one bucket after another in `order`, each position's
 * bucket end in `bucketEnd`, and how many positions are filled in `filled[band]`.
 */
export interface MinhashTables {
  layout: MinhashLayout;
  count: number;
  signature: Uint32Array;
  lowBytes: Uint8Array;
  order: Uint32Array[];
  bucketEnd: Uint32Array[];
  filled: Uint32Array;
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
    bucketEnd: perBand(),
    filled: new Uint32Array(bytes(layout.bands * 4)),
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
  let grams = new Uint32Array(64);
  for (let i = from; i < to; i++) {
    const base = i * width;
    // A repeated n-gram leaves every minimum as it is, so the grams need no de-duplication.
    const count = gramHashesInto(texts[i] as string, gram, grams);
    if (count > grams.length) {
      grams = new Uint32Array(count * 2);
      gramHashesInto(texts[i] as string, gram, grams);
    }
    for (let h = 0; h < width; h++) {
      const seed = seeds[h] as number;
      let least = 0xffffffff;
      for (let g = 0; g < count; g++) {
        const x = mix((grams[g] as number) ^ seed);
        if (x < least) least = x;
      }
      signature[base + h] = least;
      lowBytes[base + h] = least & 0xff;
    }
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
  const bucketEnd = tables.bucketEnd[band] as Uint32Array;
  const keys = new Uint32Array(count);
  for (let i = 0; i < count; i++) keys[i] = bandValue(signature, i * width + first, rows);
  const sorted = rowsByKey(keys);
  let filled = 0;
  let from = 0;
  for (let i = 1; i <= count; i++) {
    if (i < count && keys[sorted[i] as number] === keys[sorted[from] as number]) continue;
    // A lone text meets no one; a bucket over the limit proposes nothing.
    if (i - from >= 2 && i - from <= maxBucket) {
      const end = filled + i - from;
      for (let a = from; a < i; a++) {
        order[filled] = sorted[a] as number;
        bucketEnd[filled++] = end;
      }
    }
    from = i;
  }
  tables.filled[band] = filled;
}

/**
 * The rows 0..keys.length-1 ordered by key, rows of one key in ascending order: a least-significant
 * digit radix sort, two stable passes of 16 bits.
 */
function rowsByKey(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  let rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(0x10000);
  for (const shift of [0, 16]) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const d = ((keys[i] as number) >>> shift) & 0xffff;
      counts[d] = (counts[d] as number) + 1;
    }
    let total = 0;
    for (let d = 0; d < 0x10000; d++) {
      const c = counts[d] as number;
      counts[d] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const row = rows[i] as number;
      const d = ((keys[row] as number) >>> shift) & 0xffff;
      const at = counts[d] as number;
      spare[at] = row;
      counts[d] = at + 1;
    }
    [rows, spare] = [spare, rows];
  }
  return rows;
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
  /** The signature's low bytes, which rank the texts a text meets (bandNeighbours). */
  low: number[];
}

/**
 * Each text's buckets and low bytes, as {@link fillBand} and {@link bandNeighbours} read them; the
 * in-memory search and a search joining these rows on equal buckets (at most `maxBucket` texts to a
 * bucket) find the same neighbours.
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
export function equalBytes(ranks: Uint32Array, a: number, b: number, words: number): number {
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
 * The k best partners of every row among the rows it meets in bands [fromBand, toBand) and agrees
 * with on at least layout.minEqual hash values, best first, each packed as {@link packPartner} (0
 * where a row has fewer): lists of band ranges merged by neighbourPairs give the lists of all bands.
 * Walks the buckets, not the rows: a bucket's few rows are read once and compared with each other
 * while they are in the CPU cache, each pair scored once (reading every row's partners row by row
 * cost a cache miss per partner, about a hundred per row). A partner met in several bands is listed
 * once.
 */
export function bandNeighbours(
  k: number,
  tables: MinhashTables,
  fromBand: number,
  toBand: number,
): Float64Array {
  const { width, minEqual } = tables.layout;
  const words = width / 4;
  const ranks = new Uint32Array(tables.lowBytes.buffer, tables.lowBytes.byteOffset, tables.count * words);
  const lists = new Float64Array(tables.count * k);
  for (let band = fromBand; band < toBand; band++) {
    const order = tables.order[band] as Uint32Array;
    const bucketEnd = tables.bucketEnd[band] as Uint32Array;
    const filled = tables.filled[band] as number;
    for (let at = 0; at < filled; ) {
      const stop = bucketEnd[at] as number;
      for (let x = at; x < stop; x++) {
        const i = order[x] as number;
        for (let y = x + 1; y < stop; y++) {
          const j = order[y] as number;
          const score = equalBytes(ranks, i, j, words);
          if (score < minEqual) continue;
          offer(lists, i * k, k, packPartner(score, j));
          offer(lists, j * k, k, packPartner(score, i));
        }
      }
      at = stop;
    }
  }
  return lists;
}

/**
 * A partner and its score as one number, larger for a better partner: more equal bytes, then the
 * lower row (so the result does not depend on the bands' order). Never 0, which marks an empty place.
 */
function packPartner(score: number, row: number): number {
  return score * 2 ** 32 + (0xffffffff - row);
}

function partnerRow(packed: number): number {
  return 0xffffffff - (packed % 2 ** 32);
}

/** Puts `value` into the descending list of k at `base`, unless the list holds it or k better ones. */
function offer(lists: Float64Array, base: number, k: number, value: number): void {
  const last = base + k - 1;
  if (value <= (lists[last] as number)) return;
  let q = last;
  while (q > base && (lists[q - 1] as number) < value) q--;
  // The place's upper neighbour is not smaller: the same partner, if listed, is there.
  if (q > base && lists[q - 1] === value) return;
  lists.copyWithin(q + 1, q, last);
  lists[q] = value;
}

/**
 * The k best partners of each row over the lists of bandNeighbours (one per band range), as pairs
 * [row, partner, ...] in row order, best first.
 */
export function neighbourPairs(k: number, count: number, parts: readonly Float64Array[]): Uint32Array {
  const out = new Uint32Array(count * k * 2);
  const heads = new Int32Array(parts.length);
  let m = 0;
  for (let row = 0; row < count; row++) {
    const base = row * k;
    heads.fill(0);
    let previous = 0;
    for (let taken = 0; taken < k; ) {
      // The largest head among the parts' lists; the same partner in two lists is taken once.
      let bestPart = -1;
      let best = 0;
      for (let p = 0; p < parts.length; p++) {
        const h = heads[p] as number;
        const v = h < k ? ((parts[p] as Float64Array)[base + h] as number) : 0;
        if (v > best) {
          best = v;
          bestPart = p;
        }
      }
      if (bestPart < 0) break;
      heads[bestPart] = (heads[bestPart] as number) + 1;
      if (best === previous) continue;
      previous = best;
      out[m++] = row;
      out[m++] = partnerRow(best);
      taken++;
    }
  }
  return out.subarray(0, m);
}
