/**
 * Names clusters so that names survive re-runs. Without a previous run, a cluster is named after its
 * smallest sr_id: unchanged membership keeps the name. With the previous run's `sr_id → cluster_id`,
 * each previous name goes to the new cluster holding most of its old members (ties: the cluster with
 * the smaller smallest sr_id), so a cluster that only grows, or loses a few records, keeps its name;
 * a new or split-off cluster gets its smallest sr_id, suffixed `~2`, `~3`... if that name is taken.
 */
export function clusterIds(
  srIds: readonly string[],
  clusterOf: Int32Array,
  clusterCount: number,
  previous?: ReadonlyMap<string, string>,
): string[] {
  const smallest: string[] = new Array(clusterCount);
  srIds.forEach((id, i) => {
    const c = clusterOf[i] as number;
    const current = smallest[c];
    if (current === undefined || id < current) smallest[c] = id;
  });
  const names: (string | undefined)[] = new Array(clusterCount);
  const taken = new Set<string>();
  if (previous) {
    // For each previous name, the votes of the new clusters its members went to.
    const votes = new Map<string, Map<number, number>>();
    srIds.forEach((id, i) => {
      const old = previous.get(id);
      if (old === undefined) return;
      let byCluster = votes.get(old);
      if (!byCluster) {
        byCluster = new Map();
        votes.set(old, byCluster);
      }
      const c = clusterOf[i] as number;
      byCluster.set(c, (byCluster.get(c) ?? 0) + 1);
    });
    const offers: { old: string; cluster: number; count: number }[] = [];
    for (const [old, byCluster] of votes)
      for (const [cluster, count] of byCluster) offers.push({ old, cluster, count });
    offers.sort(
      (x, y) =>
        y.count - x.count ||
        compare(smallest[x.cluster] as string, smallest[y.cluster] as string) ||
        compare(x.old, y.old),
    );
    for (const { old, cluster } of offers) {
      if (names[cluster] !== undefined || taken.has(old)) continue;
      names[cluster] = old;
      taken.add(old);
    }
  }
  for (let c = 0; c < clusterCount; c++) {
    if (names[c] !== undefined) continue;
    const base = smallest[c] as string;
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}~${k}`;
    names[c] = name;
    taken.add(name);
  }
  return srIds.map((_, i) => names[clusterOf[i] as number] as string);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
