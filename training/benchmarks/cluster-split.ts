import { hashToUnit, type Split } from "../split.ts";

/** A labelled pair of records whose ground-truth clusters are known. */
export interface ClusteredPair {
  qCluster: string;
  mCluster: string;
}

/**
 * Splits pairs by ground-truth cluster, not by component of the pair graph: candidate pairs from
 * nearest neighbours join almost every record of a catalog into one component, so a component split
 * would put every pair on one side (all in test, nothing to train on). Each cluster goes to train or
 * validation by a seeded hash of its id (`validationShare` of them to validation); a pair whose two
 * clusters went to different parts is dropped, so no record is seen on both sides. Test stays empty:
 * the caller scores on clusters it held out before.
 */
export function clusterSplit<T extends ClusteredPair>(
  pairs: readonly T[],
  validationShare = 0.2,
  seed = 1,
): Split<T> {
  const split: Split<T> = { train: [], validation: [], test: [] };
  const part = (cluster: string) =>
    hashToUnit(`${seed}:${cluster}`) < validationShare ? "validation" : "train";
  for (const pair of pairs) {
    const q = part(pair.qCluster);
    if (q === part(pair.mCluster)) split[q].push(pair);
  }
  return split;
}
