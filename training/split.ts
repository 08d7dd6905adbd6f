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
 * Splits pairs by connected component of the pair graph (ids are nodes, pairs edges, whatever their
 * label), so that no recording is seen on two sides. A component goes to a part by a seeded hash of
 * its smallest id: the same pairs and seed always give the same split.
 */
export function groupSplit<T extends Pair>(pairs: readonly T[], seed = 1): Split<T> {
  const find = pairComponents(pairs);
  const split: Split<T> = { train: [], validation: [], test: [] };
  for (const pair of pairs) {
    const draw = hashToUnit(`${seed}:${find(pair.q)}`);
    const part =
      draw < SPLIT_SHARES.test
        ? "test"
        : draw < SPLIT_SHARES.test + SPLIT_SHARES.validation
          ? "validation"
          : "train";
    split[part].push(pair);
  }
  return split;
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
function hashToUnit(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}
