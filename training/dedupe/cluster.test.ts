import { describe, expect, it } from "vitest";
import { clusterRecords, type ScoredPairs } from "./cluster.ts";
import { clusterIds } from "./cluster-ids.ts";

const pairs = (list: [number, number, number][]): ScoredPairs => ({
  a: Uint32Array.from(list.map(([a]) => a)),
  b: Uint32Array.from(list.map(([, b]) => b)),
  p: Float32Array.from(list.map(([, , p]) => p)),
});

describe("clusterRecords", () => {
  it("joins linked records and leaves the rest as singletons", () => {
    const result = clusterRecords(4, pairs([[0, 1, 0.9]]), { threshold: 0.5, cannotLinkBelow: 0.1 });
    expect(result.clusterOf[0]).toBe(result.clusterOf[1]);
    expect(new Set(result.clusterOf).size).toBe(3);
  });

  it("cuts the weakest link of a chain whose ends are confidently different", () => {
    const result = clusterRecords(
      3,
      pairs([
        [0, 1, 0.95],
        [1, 2, 0.6],
        [0, 2, 0.01],
      ]),
      { threshold: 0.5, cannotLinkBelow: 0.1 },
    );
    expect(result.clusterOf[0]).toBe(result.clusterOf[1]);
    expect(result.clusterOf[2]).not.toBe(result.clusterOf[0]);
    expect(result.componentsSplit).toBe(1);
    expect(result.refused[0]).toMatchObject({ a: 1, b: 2 });
  });

  it("scores the unscored pairs inside a component in the repair step", () => {
    const result = clusterRecords(
      3,
      pairs([
        [0, 1, 0.95],
        [1, 2, 0.6],
      ]),
      { threshold: 0.5, cannotLinkBelow: 0.1, score: (a, b) => (a + b === 2 ? 0.02 : 0.9) },
    );
    expect(result.repairScored).toBe(1);
    expect(result.clusterOf[2]).not.toBe(result.clusterOf[0]);
  });

  it("keeps plain connected components when nothing conflicts", () => {
    const result = clusterRecords(
      3,
      pairs([
        [0, 1, 0.95],
        [1, 2, 0.6],
      ]),
      { threshold: 0.5, cannotLinkBelow: 0.1, score: () => 0.7 },
    );
    expect(new Set(result.clusterOf).size).toBe(1);
    expect(result.componentsSplit).toBe(0);
  });

  it("puts at most one record of a duplicate-free source in a cluster when asked", () => {
    const links = pairs([
      [0, 1, 0.9],
      [1, 2, 0.8],
    ]);
    const options = { threshold: 0.5, cannotLinkBelow: 0.1 };
    expect(new Set(clusterRecords(3, links, options).clusterOf).size).toBe(1);
    const one = clusterRecords(3, links, { ...options, duplicateFreeSource: ["s1", "s2", "s1"] });
    expect(one.clusterOf[2]).not.toBe(one.clusterOf[0]);
  });
});

describe("clusterIds", () => {
  const ids = ["b", "a", "c", "d"];

  it("names a cluster after its smallest sr_id, so unchanged membership keeps the name", () => {
    expect(clusterIds(ids, Int32Array.from([0, 0, 1, 2]), 3)).toEqual(["a", "a", "c", "d"]);
  });

  it("keeps a previous name when a cluster grows by a record with a smaller id", () => {
    const previous = new Map([
      ["b", "b"],
      ["c", "c"],
      ["d", "d"],
    ]);
    expect(clusterIds(ids, Int32Array.from([0, 0, 1, 2]), 3, previous)).toEqual(["b", "b", "c", "d"]);
  });

  it("gives a split-off part a fresh name that does not collide", () => {
    const previous = new Map([
      ["a", "a"],
      ["b", "a"],
      ["c", "a"],
    ]);
    const names = clusterIds(["a", "b", "c"], Int32Array.from([0, 0, 1]), 2, previous);
    expect(names.slice(0, 2)).toEqual(["a", "a"]);
    expect(names[2]).toBe("c");
  });
});

describe("clusterRecords on a catalog-sized candidate set", () => {
  it("clusters more distinct candidate pairs than a JS Set can hold (2^24)", () => {
    const weak = 2 ** 24 + 8;
    const m = 4_000_000;
    const n = m + 3;
    const size = weak + 2;
    const scored: ScoredPairs = {
      a: new Uint32Array(size),
      b: new Uint32Array(size),
      p: new Float32Array(size),
    };
    for (let i = 0; i < weak; i++) {
      // Record x against x + 1 … x + 5: every pair distinct, none strong enough to link.
      scored.a[i] = i % m;
      scored.b[i] = (i + 1 + Math.floor(i / m)) % m;
      scored.p[i] = 0.3;
    }
    // One chain m – m+1 – m+2, whose ends were never a candidate pair: the repair step scores them.
    scored.a.set([m, m + 1], weak);
    scored.b.set([m + 1, m + 2], weak);
    scored.p.set([0.95, 0.9], weak);
    const result = clusterRecords(n, scored, { threshold: 0.5, cannotLinkBelow: 0.1, score: () => 0.01 });
    expect(result.repairScored).toBe(1);
    expect(result.clusterOf[m]).toBe(result.clusterOf[m + 1]);
    expect(result.clusterOf[m + 2]).not.toBe(result.clusterOf[m]);
    expect(result.clusterCount).toBe(n - 1);
  }, 120_000);
});
