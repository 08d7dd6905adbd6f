import { availableParallelism } from "node:os";
import { applyRule, BLOCKING_RULES, KNN_SOURCE, type RuleBlocks } from "./blocking.ts";
import { CandidateSet } from "./candidate-set.ts";
import type { Embedder } from "./embed.ts";
import type { DedupeKeys } from "./keys.ts";
import { annNeighbours, CATALOG_BUILD_EXPANSION, exactNeighbours } from "./knn.ts";
import { minhashNeighbours } from "./minhash.ts";
import type { Bar, DedupeOutput } from "./pipeline.ts";

/**
 * How each record's k neighbours are found: `hnsw`, the embedder's vectors in usearch's HNSW index
 * (or brute force with `exactKnn`); `minhash`, MinHash LSH over the same text's character 3-grams
 * (no vectors, no index; see minhash.ts).
 */
export type NeighbourSearch = "hnsw" | "minhash";

/**
 * MinHash: on MusicBrainz 20K, the sample and the 1M generated catalog it proposes as many true pairs
 * as HNSW or more, with fewer candidates, in a sixth of the search time at 1M and a third to a half
 * on the smaller catalogs (docs/measurements.md, "MinHash neighbours instead of HNSW"). HNSW stays
 * for an embedder whose vectors are not n-gram sets (a neural model).
 */
export const DEFAULT_SEARCH: NeighbourSearch = "minhash";

/** True when the options search with MinHash: asked for or by default, and not overruled by `exactKnn`. */
export function searchesMinhash(options: Pick<NeighbourOptions, "search" | "exactKnn">): boolean {
  return (options.search ?? DEFAULT_SEARCH) === "minhash" && !options.exactKnn;
}

/** What the neighbour search reads besides the texts. */
export interface NeighbourOptions {
  k: number;
  search?: NeighbourSearch;
  exactKnn?: boolean;
  buildExpansion?: number;
  embedder: Embedder;
}

/** What {@link candidateStage} found: the union of every source's pairs and the oversized blocks. */
export interface Candidates {
  candidates: CandidateSet;
  oversizedBlocks: DedupeOutput["oversizedBlocks"];
}

/** Stage 2: the blocking rules' pairs, then each record's k neighbours, in that order. */
export function candidateStage(
  keys: readonly DedupeKeys[],
  options: NeighbourOptions & { maxBlock: number },
  bar?: Bar,
): Candidates {
  const n = keys.length;
  const blocks = BLOCKING_RULES.map((rule, i) => {
    const found = applyRule(rule, keys, options.maxBlock);
    bar?.update(i + 1, BLOCKING_RULES.length + 2);
    return found;
  });
  const neighbours = neighbourSearch(
    keys.map((key) => key.embeddingText),
    options,
  );
  return assembleCandidates(n, blocks, neighbours, bar);
}

/**
 * Starts the neighbour search of the texts: the part that needs only the texts runs now (the
 * embedding, or all of MinHash), the index search when the returned function is called. Undefined
 * when there is nothing to search (k = 0 or one text).
 */
export function neighbourSearch(
  texts: readonly string[],
  options: NeighbourOptions,
): (() => Uint32Array) | undefined {
  const n = texts.length;
  const k = Math.min(options.k, n - 1);
  if (k <= 0) return undefined;
  if (searchesMinhash(options)) {
    const pairs = minhashNeighbours(texts, k);
    return () => pairs;
  }
  const vectors = options.embedder.embed(texts);
  return () => knnPairs(vectors, k, options.embedder.dimensions, options.exactKnn, options.buildExpansion);
}

/**
 * The union of stage 2, in one order for every engine: each rule's blocks in BLOCKING_RULES order,
 * then each record's k nearest neighbours (none without a search).
 */
export function assembleCandidates(
  n: number,
  blocks: readonly RuleBlocks[],
  neighbours: (() => Uint32Array) | undefined,
  bar?: Bar,
): Candidates {
  const steps = BLOCKING_RULES.length + 2;
  const oversizedBlocks: DedupeOutput["oversizedBlocks"] = {};
  const set = new CandidateSet(n);
  for (const found of blocks) {
    oversizedBlocks[found.rule] = { blocks: found.oversizedBlocks, records: found.oversizedRecords };
    set.add(found.rule, found.pairs);
  }
  bar?.update(steps - 1, steps);
  if (neighbours) set.add(KNN_SOURCE, neighbours());
  bar?.update(steps, steps);
  bar?.stop();
  return { candidates: set, oversizedBlocks };
}

/**
 * Each record's k embedding neighbours (exact, or usearch HNSW built with `buildExpansion`) as pairs
 * [row, neighbour, ...].
 */
export function knnPairs(
  vectors: readonly Float32Array[],
  k: number,
  dimensions: number,
  exact = false,
  buildExpansion = CATALOG_BUILD_EXPANSION,
): Uint32Array {
  const n = vectors.length;
  const found = exact
    ? exactNeighbours(vectors, k, dimensions)
    : annNeighbours(vectors, k, dimensions, availableParallelism(), buildExpansion);
  const pairs = new Uint32Array(n * k * 2);
  let m = 0;
  for (let row = 0; row < n; row++)
    for (let j = 0; j < k; j++) {
      const id = found.ids[row * k + j] as number;
      if (id < 0) continue;
      pairs[m++] = row;
      pairs[m++] = id;
    }
  return pairs.subarray(0, m);
}
