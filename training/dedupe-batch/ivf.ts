import { availableParallelism } from "node:os";
import { isMainThread } from "node:worker_threads";
import { annNeighbours, exactNeighbours, exactSearchInCalls } from "../dedupe/knn.ts";

/**
 * The embedding stage as an inverted file (IVF): centroids from a sample (spherical k-means), each
 * record assigned to its `probes` nearest centroids, the k nearest neighbours searched exactly inside
 * each partition. No step holds more than a sample or one partition, so the stage spreads over a
 * Distributed Map (./ivf-worker.ts); these are its pure parts, on unit vectors (cosine).
 */

/** Records per centroid by default: 10^8 records → 5,000 centroids ("a few thousand"). */
export const RECORDS_PER_CENTROID = 20_000;

/** Centroids for a catalog of `records`: one per `perCentroid` records, at least 1. */
export function centroidCount(records: number, perCentroid = RECORDS_PER_CENTROID): number {
  if (!(perCentroid > 0)) throw new RangeError(`records per centroid must be > 0, not ${perCentroid}`);
  return Math.max(1, Math.round(records / perCentroid));
}

/** Sample rows k-means needs for `centroids` centroids: 64 per centroid, at least 1,000. */
export const sampleSize = (centroids: number): number => Math.max(1_000, 64 * centroids);

/** Deterministic 32-bit PRNG (mulberry32), uniform in [0, 1). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * The `probes` nearest centroids of each vector by cosine (usearch's brute-force search: native,
 * SIMD). Returns `probes` centroid indices per row, nearest first; fewer centroids → fewer probes.
 */
export function nearestCentroids(
  vectors: Float32Array,
  centroids: Float32Array,
  dimensions: number,
  probes: number,
): { probes: number; ids: Int32Array } {
  const count = centroids.length / dimensions;
  const p = Math.min(probes, count);
  const n = vectors.length / dimensions;
  // In calls of bounded memory (838 rows at 5,000 centroids): one call for a 50,000-record shard
  // against 5,000 centroids would take 4 GB.
  const { keys } = exactSearchInCalls(
    centroids,
    n,
    (start, end) => vectors.slice(start * dimensions, end * dimensions),
    dimensions,
    p,
    nativeThreads(),
  );
  const ids = Int32Array.from(keys, Number);
  return { probes: p, ids };
}

/**
 * Spherical k-means on unit vectors: `count` centroids (unit length) from distinct sample rows chosen
 * by a seeded PRNG, then `iterations` rounds of assign-to-nearest and renormalised means. An empty
 * cluster takes a random sample row again.
 */
export function kMeans(
  sample: Float32Array,
  dimensions: number,
  count: number,
  options: { iterations?: number; seed?: number } = {},
): Float32Array {
  const n = sample.length / dimensions;
  const c = Math.max(1, Math.min(count, n));
  const random = prng(options.seed ?? 7);
  const centroids = new Float32Array(c * dimensions);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < c; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
    const row = order[i] as number;
    centroids.set(sample.subarray(row * dimensions, (row + 1) * dimensions), i * dimensions);
  }
  if (c === 1 || n === 0) return meanCentroids(sample, dimensions, new Int32Array(n), c, random);
  for (let iter = 0; iter < (options.iterations ?? 10); iter++) {
    const { ids } = nearestCentroids(sample, centroids, dimensions, 1);
    centroids.set(meanCentroids(sample, dimensions, ids, c, random));
  }
  return centroids;
}

function meanCentroids(
  sample: Float32Array,
  dimensions: number,
  assignment: Int32Array,
  c: number,
  random: () => number,
): Float32Array {
  const n = sample.length / dimensions;
  const sums = new Float64Array(c * dimensions);
  const sizes = new Int32Array(c);
  for (let row = 0; row < n; row++) {
    const k = assignment[row] as number;
    sizes[k] = (sizes[k] as number) + 1;
    for (let d = 0; d < dimensions; d++)
      sums[k * dimensions + d] =
        (sums[k * dimensions + d] as number) + (sample[row * dimensions + d] as number);
  }
  const out = new Float32Array(c * dimensions);
  for (let k = 0; k < c; k++) {
    if (sizes[k] === 0 && n > 0) {
      const row = Math.floor(random() * n);
      out.set(sample.subarray(row * dimensions, (row + 1) * dimensions), k * dimensions);
      continue;
    }
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += (sums[k * dimensions + d] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dimensions; d++)
      out[k * dimensions + d] = (sums[k * dimensions + d] as number) / norm;
  }
  return out;
}

/** Neighbour hits of one partition: `a` found `b` at cosine distance `d`. */
export interface Hits {
  a: Int32Array;
  b: Int32Array;
  d: Float32Array;
}

/**
 * usearch's own threads: one in a worker thread of the local pool, which already runs one thread per
 * core (two native threads per core in each of two workers were the setting of the one unexplained
 * 1M abort, see docs/measurements.md); the cores in a Lambda, whose handler runs on the main thread.
 */
function nativeThreads(): number {
  return isMainThread ? availableParallelism() : 1;
}

/**
 * The k nearest neighbours inside one partition: usearch's HNSW index (training/dedupe/knn.ts's
 * `annNeighbours`, the in-memory engine's default) or brute force (`exact`, {@link exactNeighbours}). Members are given as
 * ids and their vectors, in the same order; each gets up to min(k, members - 1) hits, as ids. With
 * `queries` (indices into `ids`: an incremental run's new or changed records) only those members are
 * searched for, by brute force against all: a few queries cost less than an HNSW index over the partition.
 */
export function partitionNeighbours(
  ids: ArrayLike<number>,
  vectors: Float32Array,
  dimensions: number,
  k: number,
  exact = false,
  queries?: readonly number[],
): Hits {
  const n = ids.length;
  const kk = Math.min(k, n - 1);
  if (kk <= 0 || queries?.length === 0)
    return { a: new Int32Array(0), b: new Int32Array(0), d: new Float32Array(0) };
  const rows = Array.from({ length: n }, (_, i) => vectors.subarray(i * dimensions, (i + 1) * dimensions));
  const found = queries
    ? exactNeighbours(rows, kk, dimensions, nativeThreads(), queries)
    : (exact ? exactNeighbours : annNeighbours)(rows, kk, dimensions, nativeThreads());
  const a: number[] = [];
  const b: number[] = [];
  const d: number[] = [];
  const searched = queries?.length ?? n;
  for (let i = 0; i < searched; i++)
    for (let j = 0; j < kk; j++) {
      const other = found.ids[i * kk + j] as number;
      if (other < 0) continue;
      a.push(ids[queries ? (queries[i] as number) : i] as number);
      b.push(ids[other] as number);
      d.push(found.distances[i * kk + j] as number);
    }
  return { a: Int32Array.from(a), b: Int32Array.from(b), d: Float32Array.from(d) };
}

/**
 * Each id's k nearest among the hits of all its partitions: the smallest distances, ties by id (what
 * the SQL stage KNN_TOP does to the workers' hits in the batch run). Returns `k` ids per row, -1
 * where fewer were found.
 */
export function topK(n: number, k: number, hits: readonly Hits[]): Int32Array {
  const best: { b: number; d: number }[][] = Array.from({ length: n }, () => []);
  for (const h of hits)
    for (let i = 0; i < h.a.length; i++) {
      const list = best[h.a[i] as number] as { b: number; d: number }[];
      const b = h.b[i] as number;
      const d = h.d[i] as number;
      const seen = list.find((x) => x.b === b);
      if (seen) seen.d = Math.min(seen.d, d);
      else list.push({ b, d });
    }
  const out = new Int32Array(n * k).fill(-1);
  best.forEach((list, row) => {
    list.sort((x, y) => x.d - y.d || x.b - y.b);
    list.slice(0, k).forEach((x, j) => {
      out[row * k + j] = x.b;
    });
  });
  return out;
}

/**
 * The whole IVF search in one process (the distributed stage's reference, for tests and the recall
 * benchmark): k-means on a sample, assignment to `probes` centroids, exact search per partition, top k.
 */
export function ivfNeighbours(
  vectors: Float32Array,
  dimensions: number,
  k: number,
  options: { centroids: number; probes?: number; sample?: number; seed?: number; exact?: boolean },
): { ids: Int32Array; partitionSizes: number[] } {
  const n = vectors.length / dimensions;
  const stride = Math.max(1, Math.floor(n / (options.sample ?? sampleSize(options.centroids))));
  const sampleRows: number[] = [];
  for (let i = 0; i < n; i += stride) sampleRows.push(i);
  const sample = new Float32Array(sampleRows.length * dimensions);
  sampleRows.forEach((row, i) => {
    sample.set(vectors.subarray(row * dimensions, (row + 1) * dimensions), i * dimensions);
  });
  const centroids = kMeans(sample, dimensions, options.centroids, { seed: options.seed ?? 7 });
  const assigned = nearestCentroids(vectors, centroids, dimensions, options.probes ?? 2);
  const members: number[][] = Array.from({ length: centroids.length / dimensions }, () => []);
  for (let row = 0; row < n; row++)
    for (let p = 0; p < assigned.probes; p++)
      members[assigned.ids[row * assigned.probes + p] as number]?.push(row);
  const hits = members.map((ids) => {
    const v = new Float32Array(ids.length * dimensions);
    ids.forEach((row, i) => {
      v.set(vectors.subarray(row * dimensions, (row + 1) * dimensions), i * dimensions);
    });
    return partitionNeighbours(ids, v, dimensions, k, options.exact);
  });
  return { ids: topK(n, k, hits), partitionSizes: members.map((m) => m.length) };
}

/** Share of the exact neighbour pairs (ids per row, -1 = none) that `found` also holds, in [0, 1]. */
export function recallAgainst(exact: Int32Array, found: Int32Array, k: number): number {
  let hit = 0;
  let total = 0;
  for (let row = 0; row < exact.length / k; row++) {
    const mine = new Set(found.subarray(row * k, (row + 1) * k));
    for (let j = 0; j < k; j++) {
      const id = exact[row * k + j] as number;
      if (id < 0) continue;
      total++;
      if (mine.has(id)) hit++;
    }
  }
  return total === 0 ? 1 : hit / total;
}
