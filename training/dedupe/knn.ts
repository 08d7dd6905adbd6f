import { availableParallelism } from "node:os";
import { exactSearch, Index, MetricKind, ScalarKind } from "usearch";

/** Nearest neighbours of every vector among all the others: `k` ids per row, -1 where fewer exist. */
export interface Neighbours {
  k: number;
  ids: Int32Array;
  /** Cosine distance (1 - cosine similarity) of each neighbour. */
  distances: Float32Array;
}

/**
 * HNSW build expansion of a whole catalog's index (the in-memory engine), as the batch engine's
 * partitions use. 128 found a few more duplicates (pairs completeness with the sample's flipped labels
 * put back 0.9988 against 0.9982; MusicBrainz 20K 0.9966 against 0.9963; the 300k generated catalog
 * 0.9969 against 0.9958; at 1M 0.9962 against 0.9949, the same clusters' F1) for 1.5-1.7 times the
 * index's time (300k: 96.6 against 55.0 s). Measured
 * against the labels as written, 64 had looked short of the 0.995 target (0.9947-0.9954), but 31 of
 * the sample's 43 missed pairs at 128 were labels the generator flipped on purpose: pairs tagged valid
 * that are different recordings (docs/measurements.md, issue 9). `--build-expansion 128` still builds
 * the larger index.
 */
export const CATALOG_BUILD_EXPANSION = 64;

/**
 * Approximate k nearest neighbours by cosine with usearch's HNSW index (prebuilt native binaries for
 * linux x64/arm64), every vector querying the index of all of them; itself excluded.
 */
export function annNeighbours(
  vectors: readonly Float32Array[],
  k: number,
  dimensions: number,
  threads = availableParallelism(),
  buildExpansion = 64,
): Neighbours {
  const index = new Index({
    dimensions,
    metric: MetricKind.Cos,
    // 8-bit quantised unit vectors (3x faster than f32 at the same recall here). M=8 / ef=32 lost 2.7
    // points of pairs completeness on MusicBrainz 20K against exact search; M=16 / ef=64 loses 0.1.
    // Searching with ef 32 instead of 64 halves the search for 0.0001-0.0003 of pairs completeness
    // (300k sample-generator catalog, MusicBrainz 20K; docs/measurements.md, issue 9); building with 32
    // costs 0.004.
    quantization: ScalarKind.I8,
    connectivity: 16,
    expansion_add: buildExpansion,
    expansion_search: 32,
    multi: false,
  });
  const keys = BigUint64Array.from(vectors, (_, i) => BigInt(i));
  const flat = flatten(vectors, dimensions);
  index.add(keys, flat, threads);
  const found = index.search(flat, k + 1, threads);
  return collect(vectors.length, k, found.keys, found.distances);
}

/**
 * Exact k nearest neighbours by brute force (usearch's exactSearch): the baseline for the ANN. With
 * `queries` (indices into `vectors`) only those rows are searched for, against all: row i of the
 * result is query i's neighbours (an incremental run's few changed records in a partition).
 */
export function exactNeighbours(
  vectors: readonly Float32Array[],
  k: number,
  dimensions: number,
  threads = availableParallelism(),
  queries?: readonly number[],
): Neighbours {
  const flat = flatten(vectors, dimensions);
  const n = vectors.length;
  const { keys, distances } = exactSearchInCalls(
    flat,
    queries?.length ?? n,
    (start, end) =>
      queries
        ? gather(flat, queries.slice(start, end), dimensions)
        : flat.slice(start * dimensions, end * dimensions),
    dimensions,
    k + 1,
    threads,
  );
  return collect(n, k, keys, distances, queries);
}

/** Queries per exactSearch call at most (fewer when the dataset is large: EXACT_CALL_BYTES). */
const EXACT_BATCH = 1024;
/** What one exactSearch call may hold: a key and a distance (16 bytes) per (query, dataset row) pair. */
const EXACT_CALL_BYTES = 64 * 2 ** 20;

/**
 * usearch's brute-force search (cosine) of `count` queries against `dataset`, in calls of at most
 * EXACT_BATCH queries and EXACT_CALL_BYTES: one call holds every query's distance to every dataset
 * row (50,000 queries against 5,000 rows would take 4 GB). `queriesOf(start, end)` gives queries
 * start..end-1 as a copy of their own, not a view: usearch reads a typed array from its buffer's
 * start, whatever the view's offset, so every call after the first would repeat the first one's
 * answers. Returns `k` keys and distances per query, in query order.
 */
export function exactSearchInCalls(
  dataset: Float32Array,
  count: number,
  queriesOf: (start: number, end: number) => Float32Array,
  dimensions: number,
  k: number,
  threads: number,
): { keys: BigUint64Array; distances: Float32Array } {
  const rows = dataset.length / dimensions;
  const perCall = Math.max(1, Math.min(EXACT_BATCH, Math.floor(EXACT_CALL_BYTES / (rows * 16))));
  const keys = new BigUint64Array(count * k);
  const distances = new Float32Array(count * k);
  for (let start = 0; start < count; start += perCall) {
    const end = Math.min(count, start + perCall);
    const found = exactSearch(dataset, queriesOf(start, end), dimensions, k, MetricKind.Cos, threads);
    keys.set(found.keys, start * k);
    distances.set(found.distances, start * k);
  }
  return { keys, distances };
}

/** The given rows of a flat matrix, copied into one of their own. */
function gather(flat: Float32Array, rows: readonly number[], dimensions: number): Float32Array {
  const out = new Float32Array(rows.length * dimensions);
  rows.forEach((row, i) => {
    out.set(flat.subarray(row * dimensions, (row + 1) * dimensions), i * dimensions);
  });
  return out;
}

function flatten(vectors: readonly Float32Array[], dimensions: number): Float32Array {
  const first = vectors[0];
  // Views of one buffer laid end to end need no copy.
  if (first && first.byteOffset === 0 && first.buffer.byteLength === vectors.length * dimensions * 4) {
    return new Float32Array(first.buffer, 0, vectors.length * dimensions);
  }
  const flat = new Float32Array(vectors.length * dimensions);
  vectors.forEach((v, i) => {
    flat.set(v, i * dimensions);
  });
  return flat;
}

/**
 * Drops each row's own id from k + 1 results (or its last one when it was not found). Row i is
 * vector `queries[i]` when only some were searched for, else vector i.
 */
function collect(
  n: number,
  k: number,
  keys: BigUint64Array,
  distances: Float32Array,
  queries?: readonly number[],
): Neighbours {
  const rows = queries?.length ?? n;
  const ids = new Int32Array(rows * k).fill(-1);
  const dist = new Float32Array(rows * k).fill(Number.POSITIVE_INFINITY);
  const width = k + 1;
  for (let row = 0; row < rows; row++) {
    const own = queries ? queries[row] : row;
    let out = 0;
    for (let j = 0; j < width && out < k; j++) {
      const key = keys[row * width + j];
      const distance = distances[row * width + j] as number;
      if (key === undefined || !Number.isFinite(distance)) continue;
      const id = Number(key);
      if (id === own || id >= n) continue;
      ids[row * k + out] = id;
      dist[row * k + out] = distance;
      out++;
    }
  }
  return { k, ids, distances: dist };
}
