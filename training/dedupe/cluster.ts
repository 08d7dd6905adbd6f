/** A scored candidate pair of record indexes. */
export interface ScoredPairs {
  a: Uint32Array;
  b: Uint32Array;
  /** Probability in [0, 1] that a and b are the same recording. */
  p: Float32Array;
}

/** The default `cannotLinkBelow` of every dedupe engine (and of the cost bench's repair). */
export const CANNOT_LINK_BELOW = 0.1;

/** Options of {@link clusterRecords}. */
export interface ClusterOptions {
  /** Pairs at or above it link records (the model's threshold). */
  threshold: number;
  /** A scored pair below it is "confidently invalid": its records never end in one cluster. */
  cannotLinkBelow: number;
  /** Source of each record, when at most one record per source may be in a cluster (option). */
  duplicateFreeSource?: readonly string[];
  /**
   * Scores a pair that no candidate source proposed; the repair step calls it for every unscored
   * pair inside a linked component of at most `repairMaxSize` records, so a chain A–B–C whose ends
   * are different recordings is found even when A–C was never a candidate.
   */
  score?: (a: number, b: number) => number;
  repairMaxSize?: number;
}

/** The clusters and what the repair step did. */
export interface Clustering {
  /** Cluster number of each record (0-based, dense; singletons included). */
  clusterOf: Int32Array;
  clusterCount: number;
  /** Components of plain connected components before the repair, and how many it split. */
  plainComponents: number;
  componentsSplit: number;
  /** Pairs scored by the repair step on top of the candidates. */
  repairScored: number;
  /** Links at or above the threshold that the repair refused, with the cannot-link behind each. */
  refused: { a: number; b: number; p: number; reason: string }[];
  /** The links that made each cluster (a maximum spanning forest), for the weakest-link report. */
  links: { a: number; b: number; p: number }[];
  /** Cluster numbers whose plain component was split by the repair. */
  repaired: ReadonlySet<number>;
}

/**
 * Clusters records from scored pairs. Plain connected components over links ≥ threshold, then a
 * repair: within each component, links are re-added strongest first (Kruskal on a maximum spanning
 * forest) and a link is refused when it would put a confidently invalid pair, or two records of one
 * duplicate-free source, into one cluster. Without any such conflict the result is exactly the
 * connected components; with one, the weakest chain is the one cut.
 */
export function clusterRecords(n: number, pairs: ScoredPairs, options: ClusterOptions): Clustering {
  const { threshold, cannotLinkBelow, duplicateFreeSource, score, repairMaxSize = 30 } = options;
  const plain = new UnionFind(n);
  const strong: number[] = [];
  for (let i = 0; i < pairs.p.length; i++) {
    if ((pairs.p[i] as number) >= threshold) {
      strong.push(i);
      plain.union(pairs.a[i] as number, pairs.b[i] as number);
    }
  }
  // Cannot-links among the candidates, then from the repair step's extra scoring.
  const forbidden = new Map<number, Map<number, number>>();
  const forbid = (a: number, b: number, p: number) => {
    if (plain.find(a) !== plain.find(b)) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let set = forbidden.get(x);
      if (!set) {
        set = new Map();
        forbidden.set(x, set);
      }
      set.set(y, p);
    }
  };
  for (let i = 0; i < pairs.p.length; i++) {
    if ((pairs.p[i] as number) < cannotLinkBelow)
      forbid(pairs.a[i] as number, pairs.b[i] as number, pairs.p[i] as number);
  }
  const members = plain.groups();
  const repairable = (group: readonly number[]) => group.length >= 3 && group.length <= repairMaxSize;
  let repairScored = 0;
  if (score) {
    // Only pairs inside a component the repair visits are remembered: a catalog's whole candidate
    // set can outgrow a JS Set (2^24 entries).
    const seen = new Set<number>();
    for (let i = 0; i < pairs.p.length; i++) {
      const a = pairs.a[i] as number;
      const b = pairs.b[i] as number;
      if (plain.find(a) !== plain.find(b)) continue;
      if (!repairable(members.get(plain.find(a)) ?? [])) continue;
      seen.add(a < b ? a * n + b : b * n + a);
    }
    for (const group of members.values()) {
      if (!repairable(group)) continue;
      for (let x = 0; x < group.length; x++)
        for (let y = x + 1; y < group.length; y++) {
          const a = group[x] as number;
          const b = group[y] as number;
          if (seen.has(a < b ? a * n + b : b * n + a)) continue;
          repairScored++;
          const p = score(a, b);
          if (p < cannotLinkBelow) forbid(a, b, p);
        }
    }
  }
  // Kruskal, strongest link first, refusing merges that would join a conflict.
  strong.sort((i, j) => (pairs.p[j] as number) - (pairs.p[i] as number));
  const merged = new ConstrainedGroups(n, forbidden, duplicateFreeSource);
  const refused: Clustering["refused"] = [];
  const links: Clustering["links"] = [];
  for (const i of strong) {
    const a = pairs.a[i] as number;
    const b = pairs.b[i] as number;
    const p = pairs.p[i] as number;
    const outcome = merged.tryUnion(a, b);
    if (outcome === "merged") links.push({ a, b, p });
    else if (outcome !== "same") refused.push({ a, b, p, reason: outcome });
  }
  const clusterOf = new Int32Array(n).fill(-1);
  let clusterCount = 0;
  for (let i = 0; i < n; i++) {
    const root = merged.find(i);
    if (clusterOf[root] === -1) clusterOf[root] = clusterCount++;
    clusterOf[i] = clusterOf[root] as number;
  }
  const repaired = new Set<number>();
  let componentsSplit = 0;
  for (const group of members.values()) {
    const parts = new Set(group.map((i) => clusterOf[i] as number));
    if (parts.size > 1) {
      componentsSplit++;
      for (const c of parts) repaired.add(c);
    }
  }
  return {
    clusterOf,
    clusterCount,
    plainComponents: members.size,
    componentsSplit,
    repairScored,
    refused,
    links,
    repaired,
  };
}

/** Union-find with path halving and union by size. */
class UnionFind {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }
  find(x: number): number {
    let i = x;
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i] as number] as number;
      i = this.parent[i] as number;
    }
    return i;
  }
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if ((this.size[ra] as number) < (this.size[rb] as number)) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number);
    return ra;
  }
  /** Members of every group of two or more, by root. */
  groups(): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (let i = 0; i < this.parent.length; i++) {
      if ((this.size[this.find(i)] as number) < 2) continue;
      const root = this.find(i);
      const list = out.get(root);
      if (list) list.push(i);
      else out.set(root, [i]);
    }
    return out;
  }
}

/** Union-find whose groups remember their members and sources, to refuse conflicting merges. */
class ConstrainedGroups extends UnionFind {
  readonly #members = new Map<number, number[]>();
  constructor(
    n: number,
    readonly forbidden: ReadonlyMap<number, ReadonlyMap<number, number>>,
    readonly source?: readonly string[],
  ) {
    super(n);
  }

  tryUnion(a: number, b: number): "merged" | "same" | string {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return "same";
    const [big, small] = (this.size[ra] as number) >= (this.size[rb] as number) ? [ra, rb] : [rb, ra];
    const bigMembers = this.#membersOf(big);
    const smallMembers = this.#membersOf(small);
    for (const m of smallMembers) {
      const cannot = this.forbidden.get(m);
      if (cannot) {
        for (const [other, p] of cannot) {
          if (this.find(other) === big) return `confidently invalid pair inside (p=${p.toFixed(3)})`;
        }
      }
    }
    if (this.source) {
      const sources = new Set(bigMembers.map((m) => this.source?.[m]));
      if (smallMembers.some((m) => sources.has(this.source?.[m])))
        return "two records of one duplicate-free source";
    }
    const root = this.union(a, b);
    this.#members.set(root, bigMembers.concat(smallMembers));
    this.#members.delete(root === big ? small : big);
    return "merged";
  }

  #membersOf(root: number): number[] {
    return this.#members.get(root) ?? [root];
  }
}
