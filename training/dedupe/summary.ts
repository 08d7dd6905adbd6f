import type { Pair } from "../csv.ts";
import { type BlockingRow, blockingAnalysis, type IndexPair, type Prf } from "./metrics.ts";
import type { DedupeOutput } from "./pipeline.ts";

/** Cluster-size buckets of the histogram. */
const SIZE_BUCKETS = [1, 2, 3, 4, 5, 6, 11, 21, 51] as const;

/** Histogram of cluster sizes: bucket label ("1", "6-10", "51+") → clusters. */
export function sizeHistogram(clusterOf: Int32Array): Record<string, number> {
  const sizes = new Map<number, number>();
  for (const c of clusterOf) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const out: Record<string, number> = {};
  SIZE_BUCKETS.forEach((low, i) => {
    const next = SIZE_BUCKETS[i + 1];
    out[next === undefined ? `${low}+` : next - 1 === low ? `${low}` : `${low}-${next - 1}`] = 0;
  });
  const labels = Object.keys(out);
  for (const size of sizes.values()) {
    let i = SIZE_BUCKETS.length - 1;
    while (i > 0 && size < (SIZE_BUCKETS[i] as number)) i--;
    const label = labels[i] as string;
    out[label] = (out[label] as number) + 1;
  }
  return out;
}

/** How the candidates and clusters fare on labelled pairs (`q_source_id,m_source_id,tag`). */
export interface PairEvaluation {
  validPairs: number;
  invalidPairs: number;
  /** Labelled pairs naming an id not in the catalog, left out. */
  unknownIds: number;
  /** Share of labelled valid pairs among the candidates. */
  pairsCompleteness: number;
  /** On labelled pairs: a valid pair in one cluster is a true positive, an invalid one a false merge. */
  clusterPairwise: Prf & { falseMerges: number; missedValid: number };
  blocking: BlockingRow[];
}

/** Evaluates a run on labelled pairs. */
export function evaluateOnPairs(result: DedupeOutput, labelled: readonly Pair[]): PairEvaluation {
  const index = new Map(result.srIds.map((id, i) => [id, i]));
  const valid: IndexPair[] = [];
  let unknownIds = 0;
  let tp = 0;
  let fp = 0;
  let invalidPairs = 0;
  const { clusterOf } = result.clustering;
  for (const pair of labelled) {
    const a = index.get(pair.q);
    const b = index.get(pair.m);
    if (a === undefined || b === undefined) {
      unknownIds++;
      continue;
    }
    const together = clusterOf[a] === clusterOf[b];
    if (pair.tag === "valid") {
      valid.push([a, b]);
      if (together) tp++;
    } else if (pair.tag === "invalid") {
      invalidPairs++;
      if (together) fp++;
    }
  }
  const { candidates } = result;
  const blocking = blockingAnalysis(candidates.sources, candidates.columns().mask, valid, (a, b) =>
    candidates.maskOf(a, b),
  );
  const found = valid.filter(([a, b]) => candidates.maskOf(a, b) !== 0).length;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = valid.length === 0 ? 0 : tp / valid.length;
  return {
    validPairs: valid.length,
    invalidPairs,
    unknownIds,
    pairsCompleteness: valid.length ? found / valid.length : 0,
    clusterPairwise: {
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      falseMerges: fp,
      missedValid: valid.length - tp,
    },
    blocking,
  };
}

/**
 * CPU time of the whole process so far, every thread (workers, GC, JIT) and startup included, user
 * plus system. Beside the wall time it says how much work a run was, whatever the machine's speed
 * that hour: a run of W s on C cores can use at most C·W CPU seconds.
 */
function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return Number(((user + system) / 1e6).toFixed(1));
}

/** The summary.json object: counts, stage times, peak RSS, CPU time, histogram, and evaluation when given. */
export function buildSummary(
  result: DedupeOutput,
  extra: {
    totalSeconds: number;
    reviewPairs: number;
    evaluation?: PairEvaluation;
    /** The evaluation with the generator's flipped labels put back (our sample's side file). */
    flippedPutBack?: PairEvaluation & { flippedLabels: number };
  },
) {
  const { clustering, candidates, scored } = result;
  let valid = 0;
  for (const p of scored.p) if (p >= result.threshold) valid++;
  const histogram = sizeHistogram(clustering.clusterOf);
  return {
    records: result.srIds.length,
    candidates: candidates.size,
    candidatesPerRecord: Number((candidates.size / Math.max(1, result.srIds.length)).toFixed(3)),
    candidatesValid: valid,
    candidateSources: candidates.sources,
    embedder: result.embedder,
    oversizedBlocks: result.oversizedBlocks,
    clusters: clustering.clusterCount,
    singletons: histogram["1"] ?? 0,
    plainComponents: clustering.plainComponents,
    componentsSplitByRepair: clustering.componentsSplit,
    linksRefusedByRepair: clustering.refused.length,
    pairsScoredByRepair: clustering.repairScored,
    reviewPairs: extra.reviewPairs,
    clusterSizeHistogram: histogram,
    stageSeconds: Object.fromEntries(
      Object.entries(result.stageSeconds).map(([k, v]) => [k, Number(v.toFixed(3))]),
    ),
    totalSeconds: Number(extra.totalSeconds.toFixed(3)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    cpuSeconds: processCpuSeconds(),
    ...(extra.evaluation && { groundtruth: extra.evaluation }),
    ...(extra.flippedPutBack && { groundtruthFlippedPutBack: extra.flippedPutBack }),
  };
}
