import { gunzipSync } from "node:zlib";
import { parquetMetadata, parquetRead } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import type { LinearScorer } from "../../lambda/model.ts";
import { type PreparedRecording, prepareRecording, type SoundRecording } from "../../lambda/recording.ts";
import { clusterRecords } from "../dedupe/cluster.ts";
import { pairProbability } from "../dedupe/score.ts";
import { RECORD_FIELDS } from "./sql.ts";

/** A row as read from a JSON-lines shard: column → value (Athena omits nulls). */
export type Row = Record<string, unknown>;

/** One scored pair, as written to the `scores` table. */
export interface ScoreRow {
  a: number;
  b: number;
  /** Probability in [0, 1], rounded to float32 as the in-memory engine keeps it. */
  p: number;
  sources: number;
}

/** The raw record of a row's fields, read by field name (RECORD_FIELDS). */
function recordFrom(value: (name: string) => unknown): SoundRecording {
  const out: Record<string, unknown> = {};
  for (const [name, type] of RECORD_FIELDS) {
    const v = value(name);
    out[name] = v == null ? null : type === "string" ? String(v) : Number(v);
  }
  return out as unknown as SoundRecording;
}

/** The raw record a shard row carries under a column prefix ("a_", "b_" or ""). */
export function recordOf(row: Row, prefix: string): SoundRecording {
  return recordFrom((name) => row[`${prefix}${name}`]);
}

/** Parses JSON lines (a shard object); blank lines skipped. */
export function parseJsonLines(text: string): Row[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Row);
}

/** An object's bytes as text, gunzipped first when gzip's magic bytes open it (Athena may compress JSON tables). */
export function textOf(bytes: Uint8Array): string {
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes)).toString("utf8");
}

/** JSON lines of rows, one object per line. */
export function toJsonLines(rows: readonly object[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join("");
}

/**
 * A pair shard by column: `column(name)[i]` is row i's value, null or undefined where it has none
 * (Parquet's 64-bit integers come as bigint). Read by column, a shard needs no object per row.
 */
export interface PairShard {
  rows: number;
  column(name: string): ArrayLike<unknown>;
}

const NO_VALUES: readonly unknown[] = [];

/** Rows parsed from JSON lines, as a pair shard (each column gathered on first use). */
export function pairShardOf(rows: readonly Row[]): PairShard {
  const columns = new Map<string, unknown[]>();
  return {
    rows: rows.length,
    column(name) {
      let values = columns.get(name);
      if (!values) {
        values = rows.map((row) => row[name]);
        columns.set(name, values);
      }
      return values;
    },
  };
}

/**
 * A pair shard object as stored: Parquet (what Athena and the local engine write for `pair_shards`,
 * any codec), else JSON lines, plain or gzip; the magic bytes tell.
 */
export async function readPairShard(bytes: Uint8Array): Promise<PairShard> {
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== "PAR1")
    return pairShardOf(parseJsonLines(textOf(bytes)));
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const rows = Number(metadata.num_rows);
  const columns = new Map<string, unknown[]>();
  // Column chunks as hyparquet decodes them (one per row group), placed by their first row.
  await parquetRead({
    file,
    metadata,
    compressors,
    onChunk({ columnName, columnData, rowStart }) {
      let values = columns.get(columnName);
      if (!values) {
        values = new Array(rows);
        columns.set(columnName, values);
      }
      for (let i = 0; i < columnData.length; i++) values[rowStart + i] = columnData[i];
    },
  });
  return { rows, column: (name) => columns.get(name) ?? NO_VALUES };
}

/**
 * Scores every pair of a shard with the model: each record prepared once per shard (a record meets
 * several partners in one shard, since shards are cut by the first record).
 */
export function scoreShard(shard: PairShard, model: LinearScorer): ScoreRow[] {
  const a = shard.column("a");
  const b = shard.column("b");
  const sources = shard.column("sources");
  const cache = new Map<number, PreparedRecording>();
  const prepared = (rid: number, prefix: string, row: number): PreparedRecording => {
    let p = cache.get(rid);
    if (!p) {
      p = prepareRecording(recordFrom((name) => shard.column(`${prefix}${name}`)[row]));
      cache.set(rid, p);
    }
    return p;
  };
  const out = new Array<ScoreRow>(shard.rows);
  for (let i = 0; i < shard.rows; i++) {
    const ra = Number(a[i]);
    const rb = Number(b[i]);
    out[i] = {
      a: ra,
      b: rb,
      p: Math.fround(pairProbability(model, prepared(ra, "a_", i), prepared(rb, "b_", i))),
      sources: Number(sources[i]),
    };
  }
  return out;
}

/** Options of {@link repairShard}: the model's threshold and the cannot-link bound. */
export interface RepairOptions {
  threshold: number;
  cannotLinkBelow: number;
  repairMaxSize?: number;
}

/**
 * A row of the `repaired` table, by kind: a linked record's cluster (named by the smallest rid in it,
 * `split` when the repair cut its component); a link that made a cluster or one the repair refused
 * (the weakest-link report and review queue); per component, the pairs the repair scored.
 */
export type RepairRow =
  | { kind: "cluster"; rid: number; cluster: number; split: number }
  | { kind: "link"; a: number; b: number; p: number }
  | { kind: "refused"; a: number; b: number; p: number; reason: string }
  | { kind: "component"; rid: number; split: number; scored: number };

/**
 * The repair step per component (training/dedupe/cluster.ts's `clusterRecords` on the component
 * alone): each member's cluster, and what the in-memory engine reports of the repair.
 */
export function repairShard(rows: readonly Row[], model: LinearScorer, options: RepairOptions): RepairRow[] {
  const components = new Map<number, { members: Row[]; pairs: Row[] }>();
  for (const row of rows) {
    const c = Number(row.component);
    let entry = components.get(c);
    if (!entry) {
      entry = { members: [], pairs: [] };
      components.set(c, entry);
    }
    (row.kind === "m" ? entry.members : entry.pairs).push(row);
  }
  const out: RepairRow[] = [];
  for (const { members, pairs } of components.values()) {
    members.sort((x, y) => Number(x.a) - Number(y.a));
    const rids = members.map((m) => Number(m.a));
    const index = new Map(rids.map((rid, i) => [rid, i]));
    pairs.sort((x, y) => Number(x.a) - Number(y.a) || Number(x.b) - Number(y.b));
    const prepared = members.map((m) => prepareRecording(recordOf(m, "")));
    const scored = {
      a: Uint32Array.from(pairs, (p) => index.get(Number(p.a)) as number),
      b: Uint32Array.from(pairs, (p) => index.get(Number(p.b)) as number),
      p: Float32Array.from(pairs, (p) => Number(p.p)),
    };
    const clustering = clusterRecords(members.length, scored, {
      threshold: options.threshold,
      cannotLinkBelow: options.cannotLinkBelow,
      score: (a, b) =>
        pairProbability(model, prepared[a] as PreparedRecording, prepared[b] as PreparedRecording),
      repairMaxSize: options.repairMaxSize ?? 30,
    });
    const smallest = new Map<number, number>();
    rids.forEach((rid, i) => {
      const c = clustering.clusterOf[i] as number;
      smallest.set(c, Math.min(smallest.get(c) ?? rid, rid));
    });
    const split = clustering.componentsSplit > 0 ? 1 : 0;
    rids.forEach((rid, i) => {
      out.push({
        kind: "cluster",
        rid,
        cluster: smallest.get(clustering.clusterOf[i] as number) as number,
        split,
      });
    });
    const rid = (i: number) => rids[i] as number;
    for (const l of clustering.links) out.push({ kind: "link", a: rid(l.a), b: rid(l.b), p: l.p });
    for (const r of clustering.refused)
      out.push({ kind: "refused", a: rid(r.a), b: rid(r.b), p: r.p, reason: r.reason });
    out.push({ kind: "component", rid: rid(0), split, scored: clustering.repairScored });
  }
  return out;
}

/**
 * The output rows of one item of the score or repair map, from its objects' bytes as stored: a pair
 * shard (Parquet or JSON lines) scored, or the objects of one shard of repair rows (JSON lines)
 * repaired together (see {@link itemObjects}). The Lambda handler and the local worker both run their
 * items through this.
 */
export async function shardOutput(
  objects: readonly Uint8Array[],
  model: LinearScorer,
  input: { mode: "score" | "repair" } & RepairOptions,
): Promise<ScoreRow[] | RepairRow[]> {
  if (input.mode === "score") {
    const scored = await Promise.all(
      objects.map(async (bytes) => scoreShard(await readPairShard(bytes), model)),
    );
    return scored.flat();
  }
  return repairShard(
    objects.flatMap((bytes) => parseJsonLines(textOf(bytes))),
    model,
    { threshold: input.threshold, cannotLinkBelow: input.cannotLinkBelow },
  );
}

/**
 * The objects one item of a map stands for. A pair shard object stands for itself: its pairs are
 * scored alone. A component's repair rows must be read together, and Athena may write one shard
 * partition as several objects, so the partition's first object stands for every object of the
 * partition and the others for none.
 */
export async function itemObjects(
  mode: "score" | "repair",
  key: string,
  list: (prefix: string) => Promise<string[]>,
): Promise<string[]> {
  if (mode === "score") return [key];
  const partition = await list(key.slice(0, key.lastIndexOf("/") + 1));
  return partition[0] === key ? partition : [];
}
