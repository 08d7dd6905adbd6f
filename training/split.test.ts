import { describe, expect, it } from "vitest";
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
