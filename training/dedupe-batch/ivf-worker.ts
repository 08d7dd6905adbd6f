import { prepareRecording } from "../../lambda/recording.ts";
import { hashedNgramEmbedder } from "../dedupe/embed.ts";
import { dedupeKeys } from "../dedupe/keys.ts";
import { tablePrefix } from "./definition.ts";
import { kMeans, nearestCentroids, partitionNeighbours } from "./ivf.ts";
import { parseJsonLines, recordOf, toJsonLines } from "./shard-worker.ts";

/**
 * The embedding stage's three Lambda steps (IVF, ./ivf.ts) over a key-value store: S3 in the
 * Lambda (./worker-handler.ts), a directory laid out like the bucket locally (./local-worker.ts).
 *
 *   centroids: a sample of record shards → k-means → `ivf_centroids/run=N/centroids.json`
 *   assign:    one record shard → embed → the `probes` nearest centroids → `ivf_members/run=N/part=P/<shard>.json`
 *   search:    one partition (all its member objects) → k nearest inside it → `knn_hits/run=N/part=P.json`
 */
export interface ObjectStore {
  get(key: string): Promise<string>;
  put(key: string, body: string): Promise<void>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
}

/** Input of the centroids step (a plain Task, not a map). */
export interface CentroidsEvent {
  mode: "centroids";
  run: number;
  /** Record shard objects to sample from, in order (shards are `rid % shards`: each a uniform sample). */
  keys: string[];
  centroids: number;
  sample: number;
}

/** Input of one partition's search (an item of the SearchPartitions map). */
export interface SearchEvent {
  mode: "search";
  run: number;
  partition: number;
  k: number;
  /** 1: brute force inside the partition; 0: HNSW. */
  exact: number;
}

const embedder = hashedNgramEmbedder();
const DIMENSIONS = embedder.dimensions;

export const centroidsKey = (run: number): string =>
  `${tablePrefix("ivf_centroids")}run=${run}/centroids.json`;
export const membersPrefix = (run: number, partition: number): string =>
  `${tablePrefix("ivf_members")}run=${run}/part=${partition}/`;
export const hitsKey = (run: number, partition: number): string =>
  `${tablePrefix("knn_hits")}run=${run}/part=${partition}.json`;

const encode = (v: Float32Array): string =>
  Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
function decode(text: string): Float32Array {
  const bytes = Buffer.from(text, "base64");
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Embeds a shard's records with the in-memory engine's embedder (document frequencies counted on
 * the shard: a uniform sample of the catalog when shards are cut by `rid % shards`).
 */
function embedRows(rows: readonly Record<string, unknown>[]): Float32Array {
  const texts = rows.map((row) => dedupeKeys(prepareRecording(recordOf(row, ""))).embeddingText);
  const vectors = embedder.embed(texts);
  const first = vectors[0];
  return first
    ? new Float32Array(first.buffer, first.byteOffset, rows.length * DIMENSIONS)
    : new Float32Array(0);
}

/** The centroids step: k-means on the first `sample` records of the given shards. Returns the partitions. */
export async function centroidsStep(
  store: ObjectStore,
  event: CentroidsEvent,
): Promise<{ partitions: number[] }> {
  const rows: Record<string, unknown>[] = [];
  for (const key of event.keys) {
    if (rows.length >= event.sample) break;
    rows.push(...parseJsonLines(await store.get(key)).slice(0, event.sample - rows.length));
  }
  const centroids = kMeans(embedRows(rows), DIMENSIONS, event.centroids);
  const count = centroids.length / DIMENSIONS;
  await store.put(
    centroidsKey(event.run),
    JSON.stringify({ embedder: embedder.name, dimensions: DIMENSIONS, count, centroids: encode(centroids) }),
  );
  return { partitions: Array.from({ length: count }, (_, i) => i) };
}

/** The name a shard object gives its member objects: its partition folder and file, flattened. */
const shardName = (key: string): string =>
  key
    .split("/")
    .slice(-2)
    .join("-")
    .replace(/[^A-Za-z0-9._=-]/g, "_");

/** The assign step for one record shard object: each record to its `probes` nearest centroids. */
export async function assignStep(
  store: ObjectStore,
  key: string,
  run: number,
  probes: number,
): Promise<{ rows: number; objects: string[] }> {
  const stored = JSON.parse(await store.get(centroidsKey(run))) as { centroids: string };
  const centroids = decode(stored.centroids);
  const rows = parseJsonLines(await store.get(key));
  const vectors = embedRows(rows);
  const nearest = nearestCentroids(vectors, centroids, DIMENSIONS, probes);
  const byPartition = new Map<number, string[]>();
  rows.forEach((row, i) => {
    const line = `{"rid":${Number(row.rid)},"v":"${encode(vectors.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS))}"}\n`;
    for (let p = 0; p < nearest.probes; p++) {
      const partition = nearest.ids[i * nearest.probes + p] as number;
      const lines = byPartition.get(partition);
      if (lines) lines.push(line);
      else byPartition.set(partition, [line]);
    }
  });
  const objects: string[] = [];
  for (const [partition, lines] of byPartition) {
    const out = `${membersPrefix(run, partition)}${shardName(key)}.json`;
    await store.put(out, lines.join(""));
    objects.push(out);
  }
  return { rows: rows.length, objects };
}

/** The search step for one partition: the k nearest neighbours of each member among the members. */
export async function searchStep(
  store: ObjectStore,
  event: SearchEvent,
): Promise<{ rows: number; objects: string[] }> {
  const members = new Map<number, string>();
  for (const key of await store.list(membersPrefix(event.run, event.partition)))
    for (const row of parseJsonLines(await store.get(key))) members.set(Number(row.rid), String(row.v));
  if (members.size === 0) return { rows: 0, objects: [] };
  const ids = Int32Array.from([...members.keys()].sort((x, y) => x - y));
  const vectors = new Float32Array(ids.length * DIMENSIONS);
  ids.forEach((rid, i) => {
    vectors.set(decode(members.get(rid) as string), i * DIMENSIONS);
  });
  const hits = partitionNeighbours(ids, vectors, DIMENSIONS, event.k, event.exact === 1);
  const rows = Array.from(hits.a, (a, i) => ({ a, b: hits.b[i] as number, d: hits.d[i] as number }));
  const key = hitsKey(event.run, event.partition);
  await store.put(key, toJsonLines(rows));
  return { rows: rows.length, objects: [key] };
}
