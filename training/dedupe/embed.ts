/**
 * Turns records' text into dense unit vectors for nearest-neighbour candidate search. One small
 * interface, so a multilingual neural sentence embedder can replace the hashed n-grams wherever its
 * weights can be loaded (see docs/INSIGHTS.md, question 5).
 */
export interface Embedder {
  readonly name: string;
  readonly dimensions: number;
  /** One L2-normalised vector per text, in order, as views of one contiguous buffer. */
  embed(texts: readonly string[]): Float32Array[];
}

/** Options of {@link hashedNgramEmbedder}. */
export interface HashedNgramOptions {
  /** Vector length; 2^k is best for the modulo. Default 256 (128 lost 0.3 points of pairs completeness on MusicBrainz 20K). */
  dimensions?: number;
  /** Character n-gram length. Default 3. */
  n?: number;
  /**
   * Document frequencies counted elsewhere (on a sample) instead of on the texts given, so that texts
   * embedded in separate batches (the batch engine's record shards) get the same weights.
   */
  documentFrequencies?: DocumentFrequencies;
}

/** How many of `documents` texts hold each hashed n-gram. */
export interface DocumentFrequencies {
  documents: number;
  counts: Map<number, number>;
}

/** The document frequencies of the texts' character n-grams, hashed as the embedder hashes them. */
export function documentFrequencies(texts: readonly string[], n = 3): DocumentFrequencies {
  return countGrams(texts.map((text) => gramHashes(text, n)));
}

function countGrams(grams: readonly Uint32Array[]): DocumentFrequencies {
  const counts = new Map<number, number>();
  for (const list of grams) for (const h of new Set(list)) counts.set(h, (counts.get(h) ?? 0) + 1);
  return { documents: grams.length, counts };
}

/**
 * Character n-grams of the (already transliterated, lower-case) text, TF-IDF weighted with document
 * frequencies counted on the texts given (or given in the options), hashed with a sign bit into `dimensions` buckets (the
 * "hashing trick", so no vocabulary is stored) and L2-normalised: cosine similarity then
 * approximates the TF-IDF cosine of the n-gram bags.
 */
export function hashedNgramEmbedder(options: HashedNgramOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 256;
  const n = options.n ?? 3;
  return {
    name: `hashed-char-${n}gram-tfidf-${dimensions}`,
    dimensions,
    embed(texts) {
      const grams = texts.map((text) => gramHashes(text, n));
      const { documents, counts: df } = options.documentFrequencies ?? countGrams(grams);
      const buffer = new Float32Array(texts.length * dimensions);
      const vectors: Float32Array[] = [];
      grams.forEach((list, i) => {
        const v = buffer.subarray(i * dimensions, (i + 1) * dimensions);
        for (const h of list) {
          const idf = Math.log((1 + documents) / (1 + (df.get(h) ?? 0))) + 1;
          const bucket = h % dimensions;
          v[bucket] = (v[bucket] as number) + ((h >>> 30) & 1 ? idf : -idf);
        }
        normalise(v);
        vectors.push(v);
      });
      return vectors;
    },
  };
}

/** 31-bit FNV-1a hashes of the character n-grams of ` text `, padded so word starts count. */
export function gramHashes(text: string, n: number): Uint32Array {
  const out = new Uint32Array(Math.max(0, text.length + 3 - n));
  gramHashesInto(text, n, out);
  return out;
}

/**
 * gramHashes written into `out` without allocating; returns how many there are (` text `.length -
 * n + 1), writing them only when `out` holds that many.
 */
export function gramHashesInto(text: string, n: number, out: Uint32Array): number {
  const count = Math.max(0, text.length + 3 - n);
  if (count > out.length) return count;
  for (let i = 0; i < count; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + n; j++) h = Math.imul(h ^ charOfPadded(text, j), 0x01000193);
    out[i] = h >>> 1;
  }
  return count;
}

/** The character at `j` of ` text ` (a space before and after), without building that string. */
function charOfPadded(text: string, j: number): number {
  return j === 0 || j === text.length + 1 ? 32 : text.charCodeAt(j - 1);
}

function normalise(v: Float32Array): void {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
}
