/**
 * Assembles a sample: the README example, valid clusters (one recording on many services), triangles
 * (a duplicate pair plus a cover or version compared with both), single pairs, hard negatives that
 * reuse an existing record, one non-transitive label, and repeated rows. Pure and deterministic.
 */
import { Builder, type Node, type Row } from "./builder.ts";
import { addReadmeExample } from "./examples.ts";
import { IsrcFactory } from "./isrc.ts";
import {
  baseFor,
  deriveNegative,
  NEGATIVE_KINDS,
  NEGATIVE_MIX,
  type NegativeKind,
  versionTag,
} from "./negatives.ts";
import { numberSample } from "./numbering.ts";
import { makePlan } from "./plan.ts";
import { makeRecording, type Recording } from "./recording.ts";
import { Rng } from "./rng.ts";
import type { Sample } from "./types.ts";

/** Probability that the second record of a pair comes from the first one's source. */
const SAME_SOURCE = 0.066;
/** Probability that a reused id is placed on the side it has not been on yet. */
const OPPOSITE_SIDE = 0.63;
const HARD: readonly NegativeKind[] = [
  "version",
  "cover",
  "similar-title",
  "re-recording",
  "same-title",
  "numbered sibling",
];

/** The pair kind of `neg` against `base`: a shared code on another recording is named as such. */
const negKindName = (kind: string, base: Recording, neg: Recording): string =>
  neg.isrc === base.isrc ? `${kind} (shared ISRC)` : kind;

/** Options of generateSample: `pairs` rows (>= 100, default 28,371) and the PRNG `seed`. */
export interface SampleOptions {
  pairs?: number;
  seed?: number;
}

/**
 * Generates a sample catalog in memory. Equal options give identical output.
 * @example generateSample({ pairs: 2000, seed: 1 }).pairs.length // 2000
 */
export function generateSample({ pairs = 28371, seed = 42 }: SampleOptions = {}): Sample {
  const plan = makePlan(pairs);
  const rng = new Rng(seed);
  const isrcs = new IsrcFactory(rng);
  const b = new Builder(rng, isrcs);
  const base = (): Recording => {
    const rec = makeRecording(rng, isrcs);
    return rng.chance(0.12) ? { ...rec, version: versionTag(rng) } : rec;
  };
  const partner = (a: Node, rec: Recording): Node =>
    b.node(rec, rng.chance(SAME_SOURCE) ? a.source : undefined);
  const negKind = (): NegativeKind => rng.weighted(NEGATIVE_KINDS, NEGATIVE_MIX);

  addReadmeExample(b);
  const clusterNodes: Node[][] = plan.clusters.map((k) => cluster(rng, b, base(), k));
  for (let i = 0; i < plan.triangles; i++) {
    const kind = rng.pick(HARD);
    const rec = kind === "same-title" ? baseFor(rng, isrcs, kind) : base();
    const [x, y] = [b.node(rec), b.node(rec)];
    const neg = deriveNegative(rng, isrcs, rec, kind);
    const z = b.node(neg);
    b.link(x, y, "valid", "duplicate");
    b.link(x, z, "invalid", negKindName(kind, rec, neg), OPPOSITE_SIDE);
    b.link(y, z, "invalid", negKindName(kind, rec, neg), OPPOSITE_SIDE);
  }
  const singlesFrom = b.rows.length;
  for (const [i, kind] of singleKinds(rng, plan).entries()) {
    const flip = kind.startsWith("flip:");
    const k = (flip ? kind.slice(5) : kind) as NegativeKind | "duplicate";
    const rec = k === "duplicate" ? base() : baseFor(rng, isrcs, k);
    const a = i === Math.floor(plan.singles / 2) ? b.node(rec, "crawler_ritmonet", true) : b.node(rec);
    const neg = k === "duplicate" ? rec : deriveNegative(rng, isrcs, rec, k);
    const c = partner(a, neg);
    const valid = (k === "duplicate") !== flip;
    const name = k === "duplicate" ? k : negKindName(k, rec, neg);
    b.link(
      a,
      c,
      valid ? "valid" : "invalid",
      flip ? `label noise: ${name} tagged ${valid ? "valid" : "invalid"}` : name,
    );
    if (flip) a.reusable = c.reusable = false;
  }
  for (let i = 0; i < plan.reuseNegatives; i++) {
    const x = b.pickWithCount(rng.chance(0.065) ? 2 : 1, 3) ?? b.pickWithCount(1, 3);
    if (x === undefined) break;
    const kind = negKind();
    const neg = deriveNegative(rng, isrcs, x.rec, kind);
    b.link(x, partner(x, neg), "invalid", negKindName(kind, x.rec, neg), OPPOSITE_SIDE);
  }
  nonTransitive(rng, b, clusterNodes[0] ?? []);
  repeats(rng, b, b.rows.slice(singlesFrom, singlesFrom + plan.singles), plan.repeats, plan.reversedRepeats);
  const rows = [...b.rows.slice(0, 3), ...rng.shuffle(b.rows.slice(3))];
  return numberSample(rows);
}

/** The kinds of the single pairs, in random order, with exact counts. */
function singleKinds(rng: Rng, plan: ReturnType<typeof makePlan>): string[] {
  const half = Math.floor(plan.flips / 2);
  const kinds: string[] = Array<string>(plan.singlesValid - half).fill("duplicate");
  for (let i = 0; i < half; i++) kinds.push("flip:duplicate");
  for (let i = 0; i < plan.flips - half; i++) kinds.push(`flip:${rng.pick(HARD)}`);
  const negatives = plan.singles - kinds.length;
  NEGATIVE_KINDS.forEach((kind, j) => {
    const n =
      j === NEGATIVE_KINDS.length - 1
        ? plan.singles - kinds.length
        : Math.round(negatives * (NEGATIVE_MIX[j] ?? 0));
    for (let i = 0; i < n; i++) kinds.push(kind);
  });
  return rng.shuffle(kinds);
}

/** k renditions of one recording joined by k-1 valid pairs: mostly a chain, some branches (degree <= 3). */
function cluster(rng: Rng, b: Builder, rec: Recording, k: number): Node[] {
  const used = new Set<string>();
  const nodes: Node[] = [];
  for (let i = 0; i < k; i++) {
    let n = b.node(rec);
    for (let t = 0; t < 3 && used.has(n.source); t++) n = b.node(rec);
    used.add(n.source);
    const j = i - 1;
    if (j >= 0) {
      const branch = rng.chance(0.3) ? rng.int(0, j) : j;
      const wanted = nodes[branch];
      const p = wanted && wanted.count < 3 ? wanted : [...nodes].reverse().find((x) => x.count < 3);
      if (p) b.link(p, n, "valid", "duplicate (cluster)");
    }
    nodes.push(n);
  }
  return nodes;
}

/** One `invalid` pair between two members of a valid cluster: the real data's non-transitive label. */
function nonTransitive(rng: Rng, b: Builder, nodes: Node[]): void {
  const hub = nodes.find((n) => n.count === 3) ?? nodes[0];
  const linked = new Set(b.rows.filter((r) => r.q === hub || r.m === hub).flatMap((r) => [r.q, r.m]));
  const others = nodes.filter((n) => !linked.has(n) && n.count < 3);
  if (hub && others.length > 0)
    b.link(hub, rng.pick(others), "invalid", "label noise: invalid inside valid component");
}

/** Repeats some single pairs verbatim and some with the sides swapped. */
function repeats(rng: Rng, b: Builder, singles: Row[], same: number, reversed: number): void {
  const pool = rng.shuffle(singles.filter((r) => r.q.count === 1 && r.m.count === 1 && r.q.reusable));
  for (const r of pool.slice(0, same)) b.push({ ...r, kind: `${r.kind} (repeated row)` });
  for (const r of pool.slice(same, same + reversed)) {
    b.push({ q: r.m, m: r.q, tag: r.tag, kind: `${r.kind} (reversed repeat)` });
  }
}
