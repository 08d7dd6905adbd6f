import { describe, expect, it } from "vitest";
import { CandidateSet } from "./candidate-set.ts";

/** The union as a Map would keep it: first occurrence order, bits ORed. */
function reference(n: number, added: [string, number[]][]): [number, number, number][] {
  const sources: string[] = [];
  const union = new Map<number, [number, number, number]>();
  for (const [source, pairs] of added) {
    if (!sources.includes(source)) sources.push(source);
    const bit = 1 << sources.indexOf(source);
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const a = pairs[i] as number;
      const b = pairs[i + 1] as number;
      if (a === b || a < 0 || b < 0) continue;
      const [lo, hi] = a < b ? [a, b] : [b, a];
      const entry = union.get(lo * n + hi);
      if (entry) entry[2] |= bit;
      else union.set(lo * n + hi, [lo, hi, bit]);
    }
  }
  return [...union.values()];
}

describe("CandidateSet", () => {
  it("keeps each pair once with a bit per source, in the order pairs were first added", () => {
    const set = new CandidateSet(10);
    set.add("isrc", [1, 2, 3, 4, 5, 6]);
    set.add("knn", [2, 1, 7, 8, 6, 5, 9, 0, 4, 4]);
    expect(set.size).toBe(5);
    expect([...set.entries()]).toEqual([
      [1, 2, 3],
      [3, 4, 1],
      [5, 6, 3],
      [7, 8, 2],
      [0, 9, 2],
    ]);
    expect([...set.columns().mask]).toEqual([3, 1, 3, 2, 2]);
    expect(set.maskOf(6, 5)).toBe(3);
    expect(set.maskOf(0, 9)).toBe(2);
    expect(set.maskOf(1, 3)).toBe(0);
    expect(set.maskOf(4, 4)).toBe(0);
    expect(set.maskOf(9, 12)).toBe(0);
    expect(set.names(3)).toBe("isrc|knn");
  });

  it("takes pairs added after a read behind the ones already merged", () => {
    const set = new CandidateSet(6);
    set.add("isrc", [4, 5, 0, 1]);
    expect(set.size).toBe(2);
    set.add("knn", [1, 0, 2, 3]);
    set.add("isrc", [3, 2]);
    expect([...set.entries()]).toEqual([
      [4, 5, 1],
      [0, 1, 3],
      [2, 3, 3],
    ]);
    expect(set.maskOf(3, 2)).toBe(3);
  });

  it("gives the same union as a Map on random pairs with repeats", () => {
    let seed = 7;
    const random = (m: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % m;
    };
    const n = 40;
    const added: [string, number[]][] = ["a", "b", "c", "a", "d"].map((source) => [
      source,
      Array.from({ length: 2 * (50 + random(100)) }, () => random(n + 1) - 1),
    ]);
    const set = new CandidateSet(n);
    for (const [source, pairs] of added) set.add(source, pairs);
    const expected = reference(n, added);
    expect(expected.length).toBeGreaterThan(100);
    expect([...set.entries()]).toEqual(expected);
    for (const [lo, hi, mask] of expected) expect(set.maskOf(hi, lo)).toBe(mask);
  });
});
