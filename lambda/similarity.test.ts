import { describe, expect, it } from "vitest";
import { jaccard, overlap, stringSimilarity } from "./similarity.ts";

describe("stringSimilarity", () => {
  it.each([
    ["yesterday", "yesterday", 1],
    ["yesterday", "", 0],
    ["", "", 0],
    ["abc", "xyz", 0],
  ])("%j vs %j is %d", (a, b, expected) => {
    expect(stringSimilarity(a, b)).toBe(expected);
  });

  it("scores a one-letter typo high but below 1", () => {
    const score = stringSimilarity("yesterday", "yesterdy");
    expect(score).toBeGreaterThan(0.9);
    expect(score).toBeLessThan(1);
  });
});

describe("overlap", () => {
  it.each([
    [["lennon"], ["john", "lennon"], 1],
    [["a", "b"], ["b", "c"], 0.5],
    [[], ["a"], 0],
    [["a"], ["b"], 0],
  ])("%j in %j is %d", (a, b, expected) => {
    expect(overlap(new Set(a), new Set(b))).toBe(expected);
  });
});

describe("jaccard", () => {
  it.each([
    [[], [], 1],
    [["live"], [], 0],
    [["edit", "radio"], ["edit"], 0.5],
    [["mix", "purple"], ["mix", "purple"], 1],
  ])("%j and %j give %d", (a, b, expected) => {
    expect(jaccard(a, b)).toBe(expected);
  });
});
