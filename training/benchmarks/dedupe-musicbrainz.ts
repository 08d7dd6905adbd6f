import { extractFeatures } from "../../lambda/features.ts";
import type { Model } from "../../lambda/model.ts";
import type { PreparedRecording } from "../../lambda/recording.ts";
import type { Example } from "../dataset.ts";
import type { NeighbourSearch } from "../dedupe/candidate-stage.ts";
import { connectedComponents } from "../dedupe/components.ts";
import { bcubedScores, type Prf, pairwiseScores } from "../dedupe/metrics.ts";
import { type DedupeResult, runDedupe } from "../dedupe/pipeline.ts";
import { runTraining, toModel } from "../pipeline.ts";
import { type ClusteredPair, clusterSplit } from "./cluster-split.ts";
import { neighbourCompleteness, pairKey, tfidfNeighbours, thresholdComponents } from "./dedupe-naive.ts";
import { type MusicBrainzRecord, truePairs } from "./musicbrainz-20k.ts";

/** One row of the MusicBrainz 20K table. */
export interface MbRow {
  method: string;
  records: number;
  candidatesPerRecord: number;
  pairsCompleteness: number;
  pairwise: Prf;
  bcubed: Prf;
  seconds: number;
}

/** The naive baseline: exact char-3-gram TF-IDF of title + artist + album, top-10, threshold + components. */
export function naiveRow(records: readonly MusicBrainzRecord[]): MbRow {
  const started = performance.now();
  const found = tfidfNeighbours(
    records.map((r) => [r.title, r.artists, r.album].filter(Boolean).join(" ")),
    10,
  );
  const truth = records.map((r) => r.cluster);
  const { threshold, scores } = thresholdComponents(found, truth);
  const pairs = new Set<string>();
  for (let d = 0; d < records.length; d++)
    for (let j = 0; j < found.k; j++) {
      const o = found.ids[d * found.k + j] as number;
      if (o >= 0) pairs.add(pairKey(records[d]?.sr_id as string, records[o]?.sr_id as string));
    }
  return {
    method: `naive TF-IDF top-10 (threshold ${threshold}, oracle) + components`,
    records: records.length,
    candidatesPerRecord: pairs.size / records.length,
    pairsCompleteness: neighbourCompleteness(
      records.map((r) => r.sr_id),
      found,
      truePairs(records),
    ),
    pairwise: scores,
    bcubed: bcubedScores(labelsOfThreshold(found, records.length, threshold), truth),
    seconds: (performance.now() - started) / 1000,
  };
}

function labelsOfThreshold(found: ReturnType<typeof tfidfNeighbours>, n: number, t: number): Int32Array {
  const a: number[] = [];
  const b: number[] = [];
  for (let d = 0; d < n; d++)
    for (let j = 0; j < found.k; j++) {
      const o = found.ids[d * found.k + j] as number;
      if (o >= 0 && (found.similarity[d * found.k + j] as number) >= t) {
        a.push(d);
        b.push(o);
      }
    }
  return connectedComponents(n, a, b);
}

/**
 * Our pipeline on the records with a model, one record per duplicate-free source per cluster; `k`
 * neighbours per record (0: the blocking rules alone), found by `search` (default: the pipeline's).
 */
export function oursRow(
  method: string,
  records: readonly MusicBrainzRecord[],
  model: Model,
  options: { k?: number; search?: NeighbourSearch } = {},
): MbRow & { result: DedupeResult } {
  const started = performance.now();
  const result = runDedupe(records, model, { ...options, duplicateFreeSource: records.map((r) => r.source) });
  const truth = truePairs(records);
  let hit = 0;
  for (const [a, b] of result.candidates.entries())
    if (truth.has(pairKey(records[a]?.sr_id as string, records[b]?.sr_id as string))) hit++;
  const labels = records.map((r) => r.cluster);
  return {
    method,
    records: records.length,
    candidatesPerRecord: result.candidates.size / records.length,
    pairsCompleteness: hit / truth.size,
    pairwise: pairwiseScores(result.clustering.clusterOf, labels),
    bcubed: bcubedScores(result.clustering.clusterOf, labels),
    seconds: (performance.now() - started) / 1000,
    result,
  };
}

/**
 * A model fitted on the benchmark itself: the candidate pairs among the records of the training
 * clusters (even CID), labelled by cluster, through the project's own training, split by cluster
 * (80 % of the even clusters fit, 20 % choose the threshold; see {@link clusterSplit}). Evaluated on
 * the other clusters (odd CID) only, so no record or cluster is seen on both sides.
 */
export function fitOnClusters(records: readonly MusicBrainzRecord[], shipped: Model): Model {
  const { result } = oursRow("fit", records, shipped);
  const examples: (Example & ClusteredPair)[] = [];
  const { a, b } = result.scored;
  for (let i = 0; i < a.length; i++) {
    const x = records[a[i] as number] as MusicBrainzRecord;
    const y = records[b[i] as number] as MusicBrainzRecord;
    const label = x.cluster === y.cluster ? 1 : 0;
    examples.push({
      pair: { q: x.sr_id, m: y.sr_id, tag: label ? "valid" : "invalid" },
      features: extractFeatures(
        result.prepared[a[i] as number] as PreparedRecording,
        result.prepared[b[i] as number] as PreparedRecording,
      ),
      label,
      qCluster: x.cluster,
      mCluster: y.cluster,
    });
  }
  return toModel(
    runTraining(examples, undefined, clusterSplit(examples)),
    "musicbrainz-20k training clusters",
  );
}

/** Records of the training (even CID) or evaluation (odd CID) clusters. */
export function clusterHalf(records: readonly MusicBrainzRecord[], half: 0 | 1): MusicBrainzRecord[] {
  return records.filter((r) => Number(r.cluster) % 2 === half);
}
