import type { Pair } from "./csv.ts";

/** The three parts of a labelled set; no sr_id appears in two of them. */
export interface Split<T> {
  train: T[];
  validation: T[];
  test: T[];
}

/** Shares of connected components sent to validation and test; the rest trains. */
export const SPLIT_SHARES = { validation: 0.15, test: 0.15 } as const;

/**
 * The largest component placed whole: one holding more than `share` of all pairs (and more than
 * `pairs` of them) would alone pull its part far from the shares above. Groundtruth made from a
 * candidate stage (each record paired with its nearest neighbours) joins almost every record into
 * one such component: 137,161 of MusicBrainz 20K's 137,436 candidate pairs.
 */
export const WHOLE_COMPONENT_LIMIT = { share: 0.05, pairs: 500 } as const;

/**
 * Splits pairs by connected component of the pair graph (ids are nodes, pairs edges, whatever their
 * label), so that no recording is seen on two sides. A component goes to a part by a seeded hash of
 * its smallest id: the same pairs and seed always give the same split.
 *
 * A component over {@link WHOLE_COMPONENT_LIMIT} is split by recording instead (the components of its
 * valid pairs); its invalid pairs whose two records land in different parts are left out and
 * returned as `dropped`, so still no record is on two sides.
 */
export function groupSplit<T extends Pair>(pairs: readonly T[], seed = 1): Split<T> & { dropped: T[] } {
  const groupOf = splitGroups(pairs);
  const partOf = (id: string) => {
    const draw = hashToUnit(`${seed}:${groupOf(id)}`);
    return draw < SPLIT_SHARES.test
      ? "test"
      : draw < SPLIT_SHARES.test + SPLIT_SHARES.validation
        ? "validation"
        : "train";
  };
  const split: Split<T> & { dropped: T[] } = { train: [], validation: [], test: [], dropped: [] };
  for (const pair of pairs) {
    const part = partOf(pair.q);
    if (part === partOf(pair.m)) split[part].push(pair);
    else split.dropped.push(pair);
  }
  return split;
}

/**
 * Each id's group for the split: its component of the pair graph, or, inside a component over
 * {@link WHOLE_COMPONENT_LIMIT}, its component of the valid pairs (an id with no valid pair is alone).
 */
export function splitGroups(pairs: readonly Pair[]): (id: string) => string {
  const component = pairComponents(pairs);
  const pairsPerComponent = new Map<string, number>();
  for (const pair of pairs) {
    const root = component(pair.q);
    pairsPerComponent.set(root, (pairsPerComponent.get(root) ?? 0) + 1);
  }
  const limit = Math.max(WHOLE_COMPONENT_LIMIT.pairs, WHOLE_COMPONENT_LIMIT.share * pairs.length);
  const tooLarge = (root: string) => (pairsPerComponent.get(root) ?? 0) > limit;
  if (![...pairsPerComponent.keys()].some(tooLarge)) return component;
  const recording = pairComponents(pairs.filter((p) => p.tag === "valid" && tooLarge(component(p.q))));
  return (id) => {
    const root = component(id);
    return tooLarge(root) ? `recording:${recording(id)}` : root;
  };
}

/**
 * Union-find over the ids of some pairs (ids are nodes, pairs edges); returns each id's component,
 * named by its smallest id. An id in no pair is its own component.
 */
export function pairComponents(pairs: readonly Pair[]): (id: string) => string {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as string;
    let node = id;
    while (node !== root) {
      const next = parent.get(node) as string;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { q, m } of pairs) {
    if (!parent.has(q)) parent.set(q, q);
    if (!parent.has(m)) parent.set(m, m);
    const [a, b] = [find(q), find(m)];
    // The smaller id stays root, so a component is known by its smallest id.
    if (a < b) parent.set(b, a);
    else if (b < a) parent.set(a, b);
  }
  return find;
}

/** FNV-1a hash of a string mapped to [0, 1). */
export function hashToUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}
