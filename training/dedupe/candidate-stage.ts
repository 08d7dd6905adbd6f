import { applyRule, BLOCKING_RULES, KNN_SOURCE } from "./blocking.ts";
import { CandidateSet } from "./candidate-set.ts";
import type { Embedder } from "./embed.ts";
import type { DedupeKeys } from "./keys.ts";
import { annNeighbours, exactNeighbours } from "./knn.ts";
import type { Bar, DedupeOutput } from "./pipeline.ts";

/** What {@link candidateStage} found: the union of every source's pairs and the blocks skipped. */
export interface Candidates {
  candidates: CandidateSet;
  skippedBlocks: DedupeOutput["skippedBlocks"];
}

/** Stage 2: the blocking rules' pairs, then each record's k embedding neighbours, in that order. */
export function candidateStage(
  keys: readonly DedupeKeys[],
  options: { k: number; maxBlock: number; exactKnn?: boolean; embedder: Embedder },
  bar?: Bar,
): Candidates {
  const { k, maxBlock, embedder } = options;
  const n = keys.length;
  const steps = BLOCKING_RULES.length + 2;
  const skippedBlocks: DedupeOutput["skippedBlocks"] = {};
  const set = new CandidateSet(n);
  BLOCKING_RULES.forEach((rule, i) => {
    const blocks = applyRule(rule, keys, maxBlock);
    skippedBlocks[rule.name] = { blocks: blocks.skippedBlocks, records: blocks.skippedRecords };
    set.add(rule.name, blocks.pairs);
    bar?.update(i + 1, steps);
  });
  if (k > 0 && n > 1) {
    const vectors = embedder.embed(keys.map((key) => key.embeddingText));
    bar?.update(steps - 1, steps);
    set.add(KNN_SOURCE, knnPairs(vectors, Math.min(k, n - 1), embedder.dimensions, options.exactKnn));
  }
  bar?.update(steps, steps);
  bar?.stop();
  return { candidates: set, skippedBlocks };
}

/** Each record's k embedding neighbours (exact or usearch HNSW) as pairs [row, neighbour, ...]. */
export function knnPairs(
  vectors: readonly Float32Array[],
  k: number,
  dimensions: number,
  exact = false,
): Uint32Array {
  const n = vectors.length;
  const found = (exact ? exactNeighbours : annNeighbours)(vectors, k, dimensions);
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
