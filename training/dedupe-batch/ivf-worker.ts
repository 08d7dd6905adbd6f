import { prepareRecording } from "../../lambda/recording.ts";
import { type DocumentFrequencies, documentFrequencies, hashedNgramEmbedder } from "../dedupe/embed.ts";
import { dedupeKeys } from "../dedupe/keys.ts";
import { tablePrefix } from "./definition.ts";
import { type Hits, kMeans, nearestCentroids, partitionNeighbours } from "./ivf.ts";
import { parseJsonLines, recordOf } from "./shard-worker.ts";

/**
 * The embedding stage's three Lambda steps (IVF, ./ivf.ts) over a key-value store: S3 in the
 * Lambda (./worker-handler.ts), a directory laid out like the bucket locally (./local-worker.ts).
 *
 *   centroids: a sample of record shards → document frequencies + k-means → `ivf_centroids/run=N/centroids.json`, and the
 *              partitions in groups of {@link PARTITIONS_PER_GROUP}
 *   reuse:     (incremental run) the previous run's centroids, frequencies and members, unchanged
 *   assign:    a batch of record shards → embed → the `probes` nearest centroids → one member object
 *              per partition group the batch reaches, `ivf_members/run=M/group=G/written=N-<shard>.json`
 *              named after its first shard (lines carry the partition; M is the full run whose
 *              members an incremental run N adds to)
 *   search:    one partition group (all its member objects) → k nearest inside each partition →
 *              `knn_hits/run=N/group=G.json`; in an incremental run only for the members run N wrote.
 *              A full run's search also writes each partition's members as one object
 *              (`group=G/partition=P.json`, then `group=G/partitions.json` listing them), which later
 *              incremental runs read instead of every record shard's member object
 *
 * Grouping partitions bounds the member objects at assign batches × groups: at 10^8 records one object
 * per (record shard, partition) would be 2,000 × 5,000 = 10^7 S3 PUTs, most of a run's cost; per
 * (batch of 4 shards, group of 10 partitions) 500 × 500 = 2.5 × 10^5.
 */
export interface ObjectStore {
  get(key: string): Promise<string>;
  put(key: string, body: string | Uint8Array): Promise<void>;
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

/** Partitions whose members share one object per record shard, and one search invocation. */
export const PARTITIONS_PER_GROUP = 10;

/** The partitions searched together (an item of the SearchPartitions map). */
export interface PartitionGroup {
  group: number;
  partitions: number[];
}

/** Input of one partition group's search (an item of the SearchPartitions map). */
export interface SearchEvent extends PartitionGroup {
  mode: "search";
  run: number;
  k: number;
  /** 1: brute force inside each partition; 0: HNSW. */
  exact: number;
  /**
   * The run whose prefix holds the partition members (`run` itself when absent). An earlier run
   * makes this an incremental search: only the members `run` wrote are searched for, against all.
   */
  membersRun?: number;
}

/** Input of an incremental run's centroids step: the previous run's are kept, not recomputed. */
export interface ReuseCentroidsEvent {
  mode: "reuse";
  run: number;
  previousRun: number;
}

/** What the centroids steps return to the state machine (`$.ivf`). */
export interface CentroidsResult {
  groups: PartitionGroup[];
  /** The run whose prefix holds the partition members. */
  membersRun: number;
}

/** The partitions 0..count-1 in groups of {@link PARTITIONS_PER_GROUP}. */
export function partitionGroups(count: number): PartitionGroup[] {
  return Array.from({ length: Math.ceil(count / PARTITIONS_PER_GROUP) }, (_, group) => ({
    group,
    partitions: Array.from(
      { length: Math.min(PARTITIONS_PER_GROUP, count - group * PARTITIONS_PER_GROUP) },
      (_, i) => group * PARTITIONS_PER_GROUP + i,
    ),
  }));
}

const embedder = hashedNgramEmbedder();
const DIMENSIONS = embedder.dimensions;

export const centroidsKey = (run: number): string =>
  `${tablePrefix("ivf_centroids")}run=${run}/centroids.json`;
export const membersPrefix = (run: number, group: number): string =>
  `${tablePrefix("ivf_members")}run=${run}/group=${group}/`;
/** The run that wrote a member object (`written=N-` in its name), or undefined for an unmarked one. */
const writerOf = (key: string): number | undefined => {
  const match = /\/written=(\d+)-[^/]*$/.exec(key);
  return match ? Number(match[1]) : undefined;
};
/** One partition's members as the full run's search wrote them (all in one object). */
export const partitionKey = (run: number, group: number, partition: number): string =>
  `${membersPrefix(run, group)}partition=${partition}.json`;
/** The partitions of a group the full run's search wrote as partition objects: written once all are. */
export const compactedKey = (run: number, group: number): string =>
  `${membersPrefix(run, group)}partitions.json`;
export const hitsKey = (run: number, group: number): string =>
  `${tablePrefix("knn_hits")}run=${run}/group=${group}.json`;

const encode = (v: Float32Array | Uint32Array): string =>
  Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
const bytesOf = (text: string): ArrayBuffer => {
  const bytes = Buffer.from(text, "base64");
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
};
const decode = (text: string): Float32Array => new Float32Array(bytesOf(text));

/** What the centroids step stores: the centroids, and the document frequencies every shard embeds with. */
interface StoredCentroids {
  embedder: string;
  dimensions: number;
  count: number;
  centroids: string;
  /** Texts the frequencies were counted on. */
  documents: number;
  /** [n-gram hash, count, ...] as base64 of a Uint32Array. */
  frequencies: string;
  /** The run whose prefix holds the partition members: the full run these centroids were made by. */
  membersRun?: number;
}

const membersRunOf = (stored: StoredCentroids, run: number): number => stored.membersRun ?? run;

const embeddingTexts = (rows: readonly Record<string, unknown>[]): string[] =>
  rows.map((row) => dedupeKeys(prepareRecording(recordOf(row, ""))).embeddingText);

/**
 * Embeds a shard's records with the in-memory engine's embedder and the document frequencies of the
 * k-means sample, so that one text gets one vector whichever shard holds it.
 */
function embedRows(texts: readonly string[], frequencies: DocumentFrequencies): Float32Array {
  const vectors = hashedNgramEmbedder({ documentFrequencies: frequencies }).embed(texts);
  const first = vectors[0];
  return first
    ? new Float32Array(first.buffer, first.byteOffset, texts.length * DIMENSIONS)
    : new Float32Array(0);
}

/** The centroids step: k-means on the first `sample` records of the given shards. Returns the partition groups. */
export async function centroidsStep(store: ObjectStore, event: CentroidsEvent): Promise<CentroidsResult> {
  // Document frequencies from every record of the listed shards; k-means on the first `sample`.
  const texts: string[] = [];
  for (const key of event.keys) texts.push(...embeddingTexts(parseJsonLines(await store.get(key))));
  const frequencies = documentFrequencies(texts);
  const sample = texts.slice(0, event.sample);
  const centroids = kMeans(embedRows(sample, frequencies), DIMENSIONS, event.centroids);
  const count = centroids.length / DIMENSIONS;
  const stored: StoredCentroids = {
    embedder: embedder.name,
    dimensions: DIMENSIONS,
    count,
    centroids: encode(centroids),
    documents: frequencies.documents,
    frequencies: encode(Uint32Array.from([...frequencies.counts].flat())),
    membersRun: event.run,
  };
  await store.put(centroidsKey(event.run), JSON.stringify(stored));
  return { groups: partitionGroups(count), membersRun: event.run };
}

/**
 * An incremental run's centroids step: the previous run's centroids and document frequencies, stored
 * again under this run, and the members they partition (no k-means, no sample read). New and changed
 * records are then assigned to the same partitions and searched against the members already there.
 */
export async function reuseCentroidsStep(
  store: ObjectStore,
  event: ReuseCentroidsEvent,
): Promise<CentroidsResult> {
  const stored = JSON.parse(await store.get(centroidsKey(event.previousRun))) as StoredCentroids;
  const membersRun = membersRunOf(stored, event.previousRun);
  await store.put(centroidsKey(event.run), JSON.stringify({ ...stored, membersRun }));
  return { groups: partitionGroups(stored.count), membersRun };
}

/** The name a shard object gives its member objects: its partition folder and file, flattened. */
const shardName = (key: string): string =>
  key
    .split("/")
    .slice(-2)
    .join("-")
    .replace(/[^A-Za-z0-9._=-]/g, "_");

/**
 * The assign step for a batch of record shard objects (one child of the assign map): each record to
 * its `probes` nearest centroids, and one member object per partition group the batch reaches, so a
 * batch of 4 shards writes a quarter of the objects 4 single shards would. The lines are kept as
 * bytes until the batch is done (about 1.4 kB per record and probe).
 */
export async function assignStep(
  store: ObjectStore,
  keys: readonly string[],
  run: number,
  probes: number,
): Promise<{ rows: number; objects: string[] }> {
  const stored = JSON.parse(await store.get(centroidsKey(run))) as StoredCentroids;
  const membersRun = membersRunOf(stored, run);
  const centroids = decode(stored.centroids);
  const flat = new Uint32Array(bytesOf(stored.frequencies));
  const counts = new Map<number, number>();
  for (let i = 0; i + 1 < flat.length; i += 2) counts.set(flat[i] as number, flat[i + 1] as number);
  const byGroup = new Map<number, Buffer[]>();
  let total = 0;
  for (const key of keys) {
    const rows = parseJsonLines(await store.get(key));
    const vectors = embedRows(embeddingTexts(rows), { documents: stored.documents, counts });
    const nearest = nearestCentroids(vectors, centroids, DIMENSIONS, probes);
    const lines = new Map<number, string[]>();
    rows.forEach((row, i) => {
      const member = `"rid":${Number(row.rid)},"v":"${encode(vectors.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS))}"}\n`;
      for (let p = 0; p < nearest.probes; p++) {
        const partition = nearest.ids[i * nearest.probes + p] as number;
        const group = Math.floor(partition / PARTITIONS_PER_GROUP);
        const line = `{"p":${partition},${member}`;
        const list = lines.get(group);
        if (list) list.push(line);
        else lines.set(group, [line]);
      }
    });
    for (const [group, list] of lines) {
      const bytes = Buffer.from(list.join(""), "latin1");
      const parts = byGroup.get(group);
      if (parts) parts.push(bytes);
      else byGroup.set(group, [bytes]);
    }
    total += rows.length;
  }
  const objects: string[] = [];
  const name = keys[0] === undefined ? "empty" : shardName(keys[0]);
  // One group's bytes are joined at a time and released once written.
  for (const [group, parts] of [...byGroup].sort(([a], [b]) => a - b)) {
    byGroup.delete(group);
    const out = `${membersPrefix(membersRun, group)}written=${run}-${name}.json`;
    await store.put(out, Buffer.concat(parts));
    parts.length = 0;
    objects.push(out);
  }
  return { rows: total, objects };
}

/** Members per chunk of a partition's vector buffer. */
const CHUNK = 1024;

/**
 * One partition's members as the search step reads them: ids, and their vectors in chunks of
 * {@link CHUNK} (one typed array per member cost about a third more memory).
 */
class PartitionMembers {
  readonly ids: number[] = [];
  /** Positions (in `ids`) of the members an incremental search looks for (none in a full search: all are). */
  readonly #queries: number[] = [];
  readonly #chunks: Float32Array[] = [];

  /** A member, its base64 vector decoded straight into the chunk (no intermediate array per member). */
  add(rid: number, base64: string, query: boolean): void {
    if (query) this.#queries.push(this.ids.length);
    const slot = this.ids.length % CHUNK;
    if (slot === 0) this.#chunks.push(new Float32Array(CHUNK * DIMENSIONS));
    const chunk = this.#chunks.at(-1) as Float32Array;
    const bytes = DIMENSIONS * Float32Array.BYTES_PER_ELEMENT;
    Buffer.from(chunk.buffer, chunk.byteOffset + slot * bytes, bytes).write(base64, "base64");
    this.ids.push(rid);
  }

  /** The members by ascending id, each with its vector, and where the queries went; the chunks are released. */
  sorted(): { ids: Int32Array; vectors: Float32Array; queries: number[] } {
    const order = this.ids.map((_, i) => i).sort((x, y) => (this.ids[x] as number) - (this.ids[y] as number));
    const vectors = new Float32Array(order.length * DIMENSIONS);
    order.forEach((from, to) => {
      const chunk = this.#chunks[Math.floor(from / CHUNK)] as Float32Array;
      const at = (from % CHUNK) * DIMENSIONS;
      vectors.set(chunk.subarray(at, at + DIMENSIONS), to * DIMENSIONS);
    });
    this.#chunks.length = 0;
    const place = new Int32Array(order.length);
    order.forEach((from, to) => {
      place[from] = to;
    });
    const queries = this.#queries.map((from) => place[from] as number).sort((x, y) => x - y);
    return { ids: Int32Array.from(order, (i) => this.ids[i] as number), vectors, queries };
  }
}

/**
 * `count` lines made by `lineOf`, as flat bytes built 10,000 lines at a time (string building leaves
 * ropes of small strings, ~250 B a line).
 */
function lineBytes(count: number, lineOf: (i: number) => string): Buffer {
  const parts: Buffer[] = [];
  for (let start = 0; start < count; start += 10_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(start + 10_000, count); i++) lines.push(lineOf(i));
    parts.push(Buffer.from(lines.join(""), "latin1"));
  }
  return Buffer.concat(parts);
}

/** Hits as JSON lines. */
const hitLines = (hits: Hits): Buffer =>
  lineBytes(hits.a.length, (i) => `{"a":${hits.a[i]},"b":${hits.b[i]},"d":${hits.d[i]}}\n`);

/** One partition's members as member lines (the assign step's format). */
const memberLines = (partition: number, ids: Int32Array, vectors: Float32Array): Buffer =>
  lineBytes(
    ids.length,
    (i) =>
      `{"p":${partition},"rid":${ids[i]},"v":"${encode(vectors.subarray(i * DIMENSIONS, (i + 1) * DIMENSIONS))}"}\n`,
  );

/**
 * The search step for one partition group: in each of its partitions, the k nearest neighbours of
 * every member among that partition's members. One hits object for the group.
 *
 * Incremental (`membersRun` before `run`): the group's members are the full run's (from its
 * partition objects, only those of the partitions this run's members reached: one GET each instead
 * of one per record shard) and those of the incremental runs since, and a record's entries are those
 * of the newest run that wrote it (a changed record's older vector and partitions are stale). Only
 * the members `run` wrote are searched for, by brute force against every member of their
 * partitions; partitions none of them reached are not decoded, and a group none reached is not read.
 * A record's stale entries in a group its new ones did not reach stay visible there (this step sees
 * one group): a query may find such an entry, and the pair is then scored on the records as they are
 * now, so it costs a candidate, not a wrong decision; a deleted record's entries are dropped by the
 * candidates stage's join.
 *
 * Memory bounds a group in a 1,769 MB Lambda (`bench/ivf-group-memory.ts` builds a group of
 * 400,000 members, its size at 10^8): vectors are decoded as the objects are read (the group's
 * base64 text is never held at once), kept per partition in chunks and dropped once their partition
 * is searched; hits become JSON bytes per partition, never row objects.
 */
export async function searchStep(
  store: ObjectStore,
  event: SearchEvent,
): Promise<{ rows: number; objects: string[] }> {
  const membersRun = event.membersRun ?? event.run;
  const incremental = membersRun !== event.run;
  const prefix = membersPrefix(membersRun, event.group);
  const listed = await store.list(prefix);
  const compacted = listed.includes(compactedKey(membersRun, event.group))
    ? (JSON.parse(await store.get(compactedKey(membersRun, event.group))) as number[])
    : undefined;
  // Newest writer first, so a record's newest entries are met before its stale ones. Once the full
  // run's search has written its partition objects, they stand for its member objects.
  const objects = listed
    .filter((key) => !key.startsWith(`${prefix}partition`))
    .map((key) => ({ key, writer: writerOf(key) ?? membersRun }))
    .filter((o) => o.writer <= event.run && !(compacted && o.writer === membersRun))
    .sort((x, y) => y.writer - x.writer || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  if (incremental && !objects.some((o) => o.writer === event.run)) return { rows: 0, objects: [] };
  const layered = new Set([...objects.map((o) => o.writer), ...(compacted ? [membersRun] : [])]).size > 1;
  const newest = new Map<number, number>();
  /** Incremental: the partitions this run's members reached, the only ones searched. */
  const reached = new Set<number>();
  const members = new Map<number, PartitionMembers>(event.partitions.map((p) => [p, new PartitionMembers()]));
  const read = (body: string, writer: number) => {
    for (const row of parseJsonLines(body)) {
      const rid = Number(row.rid);
      const partition = Number(row.p);
      if (layered) {
        const seen = newest.get(rid);
        if (seen === undefined) newest.set(rid, writer);
        else if (seen !== writer) continue;
      }
      const query = incremental && writer === event.run;
      if (query) reached.add(partition);
      if (incremental && !reached.has(partition)) continue;
      members.get(partition)?.add(rid, String(row.v), query);
    }
  };
  for (const { key, writer } of objects) read(await store.get(key), writer);
  // The full run's layer (the oldest) from its partition objects: only the partitions searched.
  for (const partition of compacted ?? [])
    if (members.has(partition) && (!incremental || reached.has(partition)))
      read(await store.get(partitionKey(membersRun, event.group, partition)), membersRun);
  // A full search writes each partition's members as one object, read by later incremental runs.
  const compact = !incremental && !compacted && !layered;
  const written: number[] = [];
  const text: Buffer[] = [];
  let rows = 0;
  for (const partition of event.partitions) {
    const inside = members.get(partition);
    members.delete(partition);
    if (!inside || inside.ids.length === 0) continue;
    const { ids, vectors, queries } = inside.sorted();
    if (compact) {
      await store.put(partitionKey(membersRun, event.group, partition), memberLines(partition, ids, vectors));
      written.push(partition);
    }
    const hits = partitionNeighbours(
      ids,
      vectors,
      DIMENSIONS,
      event.k,
      event.exact === 1,
      incremental ? queries : undefined,
    );
    text.push(hitLines(hits));
    rows += hits.a.length;
  }
  // Written last: a search stopped half-way leaves no list, and its retry reads the member objects.
  if (compact) await store.put(compactedKey(membersRun, event.group), JSON.stringify(written));
  if (rows === 0) return { rows: 0, objects: [] };
  const key = hitsKey(event.run, event.group);
  await store.put(key, Buffer.concat(text));
  return { rows, objects: [key] };
}

/** The IVF step a single-item event asks for (the centroids, made or reused, or one group's search). */
export function stepOf(
  store: ObjectStore,
  event: CentroidsEvent | ReuseCentroidsEvent | SearchEvent,
): Promise<CentroidsResult | { rows: number; objects: string[] }> {
  if (event.mode === "centroids") return centroidsStep(store, event);
  if (event.mode === "reuse") return reuseCentroidsStep(store, event);
  return searchStep(store, event);
}
