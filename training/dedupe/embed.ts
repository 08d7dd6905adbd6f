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
}

/**
 * Character n-grams of the (already transliterated, lower-case) text, TF-IDF weighted with document
 * frequencies counted on the texts given, hashed with a sign bit into `dimensions` buckets (the
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
      const df = new Map<number, number>();
      for (const list of grams) for (const h of new Set(list)) df.set(h, (df.get(h) ?? 0) + 1);
      const buffer = new Float32Array(texts.length * dimensions);
      const vectors: Float32Array[] = [];
      grams.forEach((list, i) => {
        const v = buffer.subarray(i * dimensions, (i + 1) * dimensions);
        for (const h of list) {
          const idf = Math.log((1 + texts.length) / (1 + (df.get(h) ?? 0))) + 1;
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
function gramHashes(text: string, n: number): number[] {
  const padded = ` ${text} `;
  const out: number[] = [];
  for (let i = 0; i + n <= padded.length; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + n; j++) h = Math.imul(h ^ padded.charCodeAt(j), 0x01000193);
    out.push(h >>> 1);
  }
  return out;
}

function normalise(v: Float32Array): void {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
}
