import type { Model } from "../../lambda/model.ts";
import { type PreparedRecording, prepareRecording, type SoundRecording } from "../../lambda/recording.ts";
import { progressBars } from "../progress.ts";
import type { CandidateSet } from "./candidate-set.ts";
import { candidateStage, type NeighbourSearch, searchesMinhash } from "./candidate-stage.ts";
import { CANNOT_LINK_BELOW, type Clustering, clusterRecords, type ScoredPairs } from "./cluster.ts";
import { type Embedder, hashedNgramEmbedder } from "./embed.ts";
import { type DedupeKeys, dedupeKeys } from "./keys.ts";
import { CATALOG_BUILD_EXPANSION } from "./knn.ts";
import { minhashLabel } from "./minhash.ts";
import { pairProbability, pairsByRecord } from "./score.ts";
import { StageTimer } from "./stage-timer.ts";

/** Options of {@link runDedupe}. */
export interface DedupeOptions {
  /** Embedding neighbours per record (0: blocking only). Default 10. */
  k?: number;
  /** Blocks larger than this pair each record with its next BLOCK_WINDOW only. Default 50. */
  maxBlock?: number;
  /** How the neighbours are found: MinHash LSH (default) or the embedder's vectors in an HNSW index. */
  search?: NeighbourSearch;
  /** Exact (brute-force) neighbours of the embedder's vectors instead of either search; the baseline. */
  exactKnn?: boolean;
  /** HNSW build expansion of the ANN index. Default CATALOG_BUILD_EXPANSION (64); 128 finds a few more duplicates in 1.7 times the time. */
  buildExpansion?: number;
  embedder?: Embedder;
  /** Probability below which a pair never shares a cluster. Default 0.1. */
  cannotLinkBelow?: number;
  /** Source of each record, when each source is duplicate-free (one record per source per cluster). */
  duplicateFreeSource?: readonly string[];
  /** Largest linked component whose unscored internal pairs the repair step scores. Default 30. */
  repairMaxSize?: number;
  /** Show progress bars on stderr. */
  progress?: boolean;
}

/** Everything the stages produced, in memory; the writer turns it into files. */
export interface DedupeResult extends DedupeOutput {
  prepared: PreparedRecording[];
}

/** What the writer and the summary read of a run (the threaded run keeps no prepared records here). */
export interface DedupeOutput {
  srIds: string[];
  candidates: CandidateSet;
  scored: ScoredPairs;
  clustering: Clustering;
  threshold: number;
  /** Seconds per stage, in order. */
  stageSeconds: Record<string, number>;
  /** Per rule, the blocks over maxBlock (met by window) and their records. */
  oversizedBlocks: Record<string, { blocks: number; records: number }>;
  embedder: string;
}

/**
 * Runs the stages on a catalog's records: prepare, candidates (blocking rules ∪ embedding kNN),
 * score (the shipped model), cluster (connected components + repair). Each stage is a function from
 * the previous stage's output to its own, so any one can move to another engine.
 */
export function runDedupe(
  records: readonly SoundRecording[],
  model: Model,
  options: DedupeOptions = {},
): DedupeResult {
  const { k = 10, maxBlock = 50, cannotLinkBelow = CANNOT_LINK_BELOW, progress = false } = options;
  const timer = new StageTimer();
  const bar = progressBars(progress);
  const n = records.length;

  const { prepared, keys } = timer.time("prepare", () => prepareStage(records, bar("prepare")));
  const embedder = options.embedder ?? hashedNgramEmbedder();
  const { candidates, oversizedBlocks } = timer.time("candidates", () =>
    candidateStage(keys, { ...options, k, maxBlock, embedder }, bar("candidates")),
  );
  const scored = timer.time("score", () => scoreStage(candidates, prepared, model, bar("score")));
  const clustering = timer.time("cluster", () =>
    clusterStage(n, scored, model, { ...options, cannotLinkBelow }, (a, b) =>
      pairProbability(model, prepared[a] as PreparedRecording, prepared[b] as PreparedRecording),
    ),
  );
  return {
    srIds: records.map((r) => r.sr_id),
    prepared,
    candidates,
    scored,
    clustering,
    threshold: model.threshold,
    stageSeconds: timer.seconds,
    oversizedBlocks,
    embedder: embedderLabel(embedder, k, options),
  };
}

/** How the run found its neighbours, for the summary: the embedder, the search, k. */
export function embedderLabel(
  embedder: Embedder,
  k: number,
  options: Pick<DedupeOptions, "exactKnn" | "buildExpansion" | "search"> = {},
): string {
  if (searchesMinhash(options)) return minhashLabel(k);
  const search = options.exactKnn
    ? "exact"
    : `usearch HNSW (build expansion ${options.buildExpansion ?? CATALOG_BUILD_EXPANSION})`;
  return `${embedder.name}, ${search} k=${k}`;
}

/** A progress bar, or nothing. */
export type Bar = { update(done: number, total: number): void; stop(): void };

/** Stage 4: connected components of the links at or above the model's threshold, then the repair. */
export function clusterStage(
  n: number,
  scored: ScoredPairs,
  model: Model,
  options: Pick<DedupeOptions, "duplicateFreeSource" | "repairMaxSize"> & { cannotLinkBelow: number },
  score: (a: number, b: number) => number,
): Clustering {
  return clusterRecords(n, scored, {
    threshold: model.threshold,
    cannotLinkBelow: options.cannotLinkBelow,
    ...(options.duplicateFreeSource && { duplicateFreeSource: options.duplicateFreeSource }),
    score,
    repairMaxSize: options.repairMaxSize ?? 30,
  });
}

/** Stage 1: every record normalised once, and its blocking keys / embedding text. */
export function prepareStage(
  records: readonly SoundRecording[],
  bar?: Bar,
): { prepared: PreparedRecording[]; keys: DedupeKeys[] } {
  const prepared: PreparedRecording[] = new Array(records.length);
  const keys: DedupeKeys[] = new Array(records.length);
  records.forEach((raw, i) => {
    const p = prepareRecording(raw);
    prepared[i] = p;
    keys[i] = dedupeKeys(p);
    if (bar && i % 10_000 === 0) bar.update(i, records.length);
  });
  bar?.update(records.length, records.length);
  bar?.stop();
  return { prepared, keys };
}

/** The candidate pairs in the set's order (copies of its columns), each probability still 0. */
export function unscoredPairs(candidates: CandidateSet): ScoredPairs {
  const { lo, hi } = candidates.columns();
  return { a: lo.slice(), b: hi.slice(), p: new Float32Array(lo.length) };
}

/** Stage 3: every candidate pair's probability with the shipped model. */
export function scoreStage(
  candidates: CandidateSet,
  prepared: readonly PreparedRecording[],
  model: Model,
  bar?: Bar,
): ScoredPairs {
  const out = unscoredPairs(candidates);
  const size = out.p.length;
  const order = pairsByRecord(out.a, prepared.length);
  for (let k = 0; k < size; k++) {
    const i = order[k] as number;
    const a = prepared[out.a[i] as number] as PreparedRecording;
    const b = prepared[out.b[i] as number] as PreparedRecording;
    out.p[i] = pairProbability(model, a, b);
    if (bar && (k + 1) % 50_000 === 0) bar.update(k + 1, size);
  }
  bar?.update(size, size);
  bar?.stop();
  return out;
}
