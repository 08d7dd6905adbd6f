import { availableParallelism } from "node:os";
import { applyRule, BLOCKING_RULES, KNN_SOURCE, type RuleBlocks } from "./blocking.ts";
import { CandidateSet } from "./candidate-set.ts";
import type { Embedder } from "./embed.ts";
import type { DedupeKeys } from "./keys.ts";
import { annNeighbours, CATALOG_BUILD_EXPANSION, exactNeighbours } from "./knn.ts";
import type { Bar, DedupeOutput } from "./pipeline.ts";

/** What {@link candidateStage} found: the union of every source's pairs and the blocks skipped. */
export interface Candidates {
  candidates: CandidateSet;
  skippedBlocks: DedupeOutput["skippedBlocks"];
}

/** Stage 2: the blocking rules' pairs, then each record's k embedding neighbours, in that order. */
export function candidateStage(
  keys: readonly DedupeKeys[],
  options: { k: number; maxBlock: number; exactKnn?: boolean; buildExpansion?: number; embedder: Embedder },
  bar?: Bar,
): Candidates {
  const { k, maxBlock, embedder } = options;
  const n = keys.length;
  const blocks = BLOCKING_RULES.map((rule, i) => {
    const found = applyRule(rule, keys, maxBlock);
    bar?.update(i + 1, BLOCKING_RULES.length + 2);
    return found;
  });
  const vectors = k > 0 && n > 1 ? embedder.embed(keys.map((key) => key.embeddingText)) : [];
  return assembleCandidates(n, blocks, vectors, { ...options, dimensions: embedder.dimensions }, bar);
}

/**
 * The union of stage 2, in one order for every engine: each rule's blocks in BLOCKING_RULES order,
 * then each record's k nearest neighbours among the vectors (none when there are no vectors).
 */
export function assembleCandidates(
  n: number,
  blocks: readonly RuleBlocks[],
  vectors: readonly Float32Array[],
  options: { k: number; dimensions: number; exactKnn?: boolean; buildExpansion?: number },
  bar?: Bar,
): Candidates {
  const steps = BLOCKING_RULES.length + 2;
  const skippedBlocks: DedupeOutput["skippedBlocks"] = {};
  const set = new CandidateSet(n);
  for (const found of blocks) {
    skippedBlocks[found.rule] = { blocks: found.skippedBlocks, records: found.skippedRecords };
    set.add(found.rule, found.pairs);
  }
  bar?.update(steps - 1, steps);
  if (vectors.length > 1)
    set.add(
      KNN_SOURCE,
      knnPairs(
        vectors,
        Math.min(options.k, n - 1),
        options.dimensions,
        options.exactKnn,
        options.buildExpansion,
      ),
    );
  bar?.update(steps, steps);
  bar?.stop();
  return { candidates: set, skippedBlocks };
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
