import type { Pair } from "../csv.ts";
import { groupSplit, pairComponents, type Split } from "../split.ts";

type Part = keyof Split<unknown>;

/**
 * The group-aware split of the groundtruth, extended to pairs added by reviews without moving any
 * pair already placed. The groundtruth pairs are split exactly as `groupSplit` splits them (a
 * component goes by a hash of its smallest id), so their assignment only depends on the groundtruth.
 * Each component of added pairs then joins the part of the placed ids it touches; one touching no
 * placed id is hashed like any component; one touching ids of two parts would let a recording sit on
 * two sides, so its pairs are left out and returned as `dropped` (with the groundtruth pairs
 * `groupSplit` itself leaves out).
 */
export function frozenSplit<T extends Pair>(
  base: readonly T[],
  added: readonly T[],
  seed = 1,
): Split<T> & { dropped: T[] } {
  const { dropped: baseDropped, ...split } = groupSplit(base, seed);
  const partOf = new Map<string, Part>();
  for (const part of ["train", "validation", "test"] as const) {
    for (const pair of split[part]) {
      partOf.set(pair.q, part);
      partOf.set(pair.m, part);
    }
  }
  const root = pairComponents(added);
  const partsOfComponent = new Map<string, Set<Part>>();
  for (const pair of added) {
    const key = root(pair.q);
    const parts = partsOfComponent.get(key) ?? new Set<Part>();
    for (const id of [pair.q, pair.m]) {
      const part = partOf.get(id);
      if (part) parts.add(part);
    }
    partsOfComponent.set(key, parts);
  }
  const fresh: T[] = [];
  const dropped: T[] = [...baseDropped];
  for (const pair of added) {
    const parts = [...(partsOfComponent.get(root(pair.q)) ?? [])];
    if (parts.length === 0) fresh.push(pair);
    else if (parts.length > 1) dropped.push(pair);
    else split[parts[0] as Part].push(pair);
  }
  const freshSplit = groupSplit(fresh, seed);
  for (const part of ["train", "validation", "test"] as const) split[part].push(...freshSplit[part]);
  dropped.push(...freshSplit.dropped);
  return { ...split, dropped };
}
