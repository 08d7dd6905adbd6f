import { describe, expect, it } from "vitest";
import { CandidateSet } from "./candidate-set.ts";

describe("CandidateSet", () => {
  it("keeps each pair once with a bit per source, in insertion order, across several Maps", () => {
    const small = new CandidateSet(10, 2);
    const large = new CandidateSet(10);
    for (const set of [small, large]) {
      set.add("isrc", [1, 2, 3, 4, 5, 6]);
      set.add("knn", [2, 1, 7, 8, 6, 5, 9, 0, 4, 4]);
    }
    expect(small.size).toBe(5);
    expect([...small.entries()]).toEqual([...large.entries()]);
    expect([...small.entries()]).toEqual([
      [1, 2, 3],
      [3, 4, 1],
      [5, 6, 3],
      [7, 8, 2],
      [0, 9, 2],
    ]);
    expect(small.maskOf(6, 5)).toBe(3);
    expect(small.maskOf(0, 9)).toBe(2);
    expect(small.maskOf(1, 3)).toBe(0);
    expect(small.names(3)).toBe("isrc|knn");
  });
});
