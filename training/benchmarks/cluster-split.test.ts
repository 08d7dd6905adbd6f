import { describe, expect, it } from "vitest";
import { clusterSplit } from "./cluster-split.ts";

const pairs = Array.from({ length: 400 }, (_, i) => ({
  id: i,
  qCluster: String(i % 50),
  mCluster: String(i % 3 === 0 ? (i + 7) % 50 : i % 50),
}));

describe("clusterSplit", () => {
  it("trains and validates even when every pair is joined in one component of the pair graph", () => {
    const split = clusterSplit(pairs);
    expect(split.train.length).toBeGreaterThan(0);
    expect(split.validation.length).toBeGreaterThan(0);
    expect(split.test).toEqual([]);
  });

  it("never puts one cluster on both sides", () => {
    const split = clusterSplit(pairs);
    const clusters = (part: typeof pairs) => new Set(part.flatMap((p) => [p.qCluster, p.mCluster]));
    const train = clusters(split.train);
    for (const c of clusters(split.validation)) expect(train.has(c)).toBe(false);
  });

  it("drops only pairs whose clusters went to different parts", () => {
    const split = clusterSplit(pairs);
    const kept = new Set([...split.train, ...split.validation].map((p) => p.id));
    for (const p of pairs) if (p.qCluster === p.mCluster) expect(kept.has(p.id)).toBe(true);
  });

  it("gives the same split for the same pairs and seed", () => {
    expect(clusterSplit(pairs, 0.2, 3)).toEqual(clusterSplit(pairs, 0.2, 3));
  });
});
