import type { DedupeOutput } from "./pipeline.ts";

/**
 * Two runs of the same catalog compared by sr_id (record positions and cluster numbers differ from
 * run to run, an incremental run's too).
 */

/** A run's clusters, each written as its members' sr_ids, sorted and joined by spaces. */
export function clusterSets(run: DedupeOutput): Set<string> {
  const members = new Map<number, string[]>();
  run.srIds.forEach((id, i) => {
    const c = run.clustering.clusterOf[i] as number;
    const list = members.get(c);
    if (list) list.push(id);
    else members.set(c, [id]);
  });
  return new Set([...members.values()].map((m) => m.sort().join(" ")));
}

/** A run's scored pairs, each written as its two sr_ids, sorted and joined by a space. */
export function scoredPairIds(run: DedupeOutput): Set<string> {
  const { srIds, scored } = run;
  return new Set(
    Array.from(scored.p, (_, i) =>
      [srIds[scored.a[i] as number], srIds[scored.b[i] as number]].sort().join(" "),
    ),
  );
}
