import { describe, expect, it } from "vitest";
import type { Pair } from "./csv.ts";
import { groupSplit } from "./split.ts";

const chain = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ q: `${prefix}${i}`, m: `${prefix}${i + 1}` }));

describe("groupSplit", () => {
  it("never puts an id on two sides", () => {
    const pairs = [...Array.from({ length: 400 }, (_, i) => chain(`c${i}_`, (i % 5) + 1)).flat()];
    const split = groupSplit(pairs);
    const ids = (part: typeof pairs) => new Set(part.flatMap((p) => [p.q, p.m]));
    const [train, validation, test] = [ids(split.train), ids(split.validation), ids(split.test)];
    for (const id of test) expect(train.has(id) || validation.has(id)).toBe(false);
    for (const id of validation) expect(train.has(id)).toBe(false);
    expect(split.train.length + split.validation.length + split.test.length).toBe(pairs.length);
  });

  it("splits a component too large to place whole by recording, leaving out the invalid pairs between parts", () => {
    // 1,000 recordings of two records each; every record also meets the next recording's records
    // in an invalid pair, so all 4,000 pairs form one component (as candidate-made groundtruth does).
    const pairs: Pair[] = [];
    for (let r = 0; r < 1000; r++) {
      pairs.push({ q: `r${r}a`, m: `r${r}b`, tag: "valid" });
      pairs.push({ q: `r${r}a`, m: `r${(r + 1) % 1000}a`, tag: "invalid" });
      pairs.push({ q: `r${r}b`, m: `r${(r + 1) % 1000}b`, tag: "invalid" });
      pairs.push({ q: `r${r}a`, m: `r${(r + 1) % 1000}b`, tag: "invalid" });
    }
    const split = groupSplit(pairs);
    const ids = (part: Pair[]) => new Set(part.flatMap((p) => [p.q, p.m]));
    const [train, validation, test] = [ids(split.train), ids(split.validation), ids(split.test)];
    for (const id of test) expect(train.has(id) || validation.has(id)).toBe(false);
    for (const id of validation) expect(train.has(id)).toBe(false);
    // Every recording is kept whole on one side; only invalid pairs are left out.
    expect(split.dropped.every((p) => p.tag === "invalid")).toBe(true);
    const kept = [...split.train, ...split.validation, ...split.test];
    expect(kept.filter((p) => p.tag === "valid")).toHaveLength(1000);
    expect(kept.length + split.dropped.length).toBe(pairs.length);
    expect(split.test.filter((p) => p.tag === "valid").length).toBeGreaterThan(100);
    expect(split.validation.filter((p) => p.tag === "valid").length).toBeGreaterThan(100);
  });

  it("keeps a component that is joined late in one part", () => {
    const pairs = [{ q: "a", m: "b" }, ...chain("x", 50), { q: "b", m: "x0" }];
    const split = groupSplit(pairs);
    const sizes = [split.train.length, split.validation.length, split.test.length];
    expect(sizes.filter((n) => n > 0)).toEqual([pairs.length]);
  });

  it("sends about 70 / 15 / 15 % of components to train / validation / test, the same way every time", () => {
    const pairs = Array.from({ length: 4000 }, (_, i) => ({ q: `q${i}`, m: `m${i}` }));
    const split = groupSplit(pairs);
    expect(split.test.length / pairs.length).toBeCloseTo(0.15, 1);
    expect(split.validation.length / pairs.length).toBeCloseTo(0.15, 1);
    expect(groupSplit(pairs)).toEqual(split);
  });
});
