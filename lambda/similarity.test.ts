import fc from "fast-check";
import { ratio } from "fuzzball";
import { describe, expect, it } from "vitest";
import {
  jaccard,
  longestCommonSubsequence,
  spacedOverlap,
  stringSimilarity,
  typoOverlap,
} from "./similarity.ts";

/** The definition stringSimilarity keeps: fuzzball's ratio of the unprocessed strings. */
const fuzzballSimilarity = (a: string, b: string) =>
  a === "" || b === "" ? 0 : ratio(a, b, { full_process: false }) / 100;
/** Short strings over few letters (many shared), any units, and long ones crossing 32-unit words. */
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", "b", "c", " ", "é", "ж"), maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: fc.constantFrom("a", "e", "l", "n", "o", " "), minLength: 25, maxLength: 140 }),
);

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

  it("equals fuzzball's ratio without processing, short, long and non-ASCII strings alike", () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(stringSimilarity(a, b)).toBe(fuzzballSimilarity(a, b));
        expect(stringSimilarity(b, a)).toBe(fuzzballSimilarity(a, b));
      }),
      { numRuns: 3000, seed: 8 },
    );
  });

  it("equals fuzzball's ratio at the 32-unit word boundaries", () => {
    for (const n of [31, 32, 33, 63, 64, 65, 96, 97, 255, 256, 257, 300]) {
      const a = "ab".repeat(n).slice(0, n);
      const b = `x${"ba".repeat(n).slice(0, n - 1)}y`;
      expect(stringSimilarity(a, b)).toBe(fuzzballSimilarity(a, b));
      expect(stringSimilarity(a, `${a}z`)).toBe(fuzzballSimilarity(a, `${a}z`));
    }
  });
});

describe("longestCommonSubsequence", () => {
  it.each([
    ["yesterday", "yesterdy", 8],
    ["abc", "xyz", 0],
    ["", "abc", 0],
    ["lennon mccartney", "mccartney lennon", 9],
  ])("%j and %j share %d", (a, b, expected) => {
    expect(longestCommonSubsequence(a, b)).toBe(expected);
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

describe("typoOverlap", () => {
  /** The definition: a word counts as shared when the other set holds it, or a word of similarity >= 0.85. */
  const everyPair = (a: Set<string>, b: Set<string>) => {
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    if (small.size === 0) return 0;
    const shared = [...small].filter((w) =>
      [...large].some((o) => o === w || stringSimilarity(w, o) >= 0.85),
    );
    return shared.length / small.size;
  };
  const word = fc.string({
    unit: fc.constantFrom("a", "b", "e", "n", "o", "s"),
    minLength: 1,
    maxLength: 12,
  });
  const wordSet = fc.array(word, { maxLength: 4 }).map((list) => new Set(list));

  it.each([
    [["jason", "oldman"], ["goldman", "jason"], 1],
    [["mason"], ["jason"], 0],
    [["beatles"], ["beatle"], 1],
  ])("%j against %j is %d", (a, b, expected) => {
    expect(typoOverlap(new Set(a), new Set(b))).toBe(expected);
  });

  it("equals comparing every pair of words, though it skips pairs whose lengths rule a typo out", () => {
    fc.assert(
      fc.property(wordSet, wordSet, (a, b) => {
        expect(typoOverlap(a, b)).toBe(everyPair(a, b));
      }),
      { numRuns: 5000, seed: 5 },
    );
  });
});

describe("spacedOverlap", () => {
  const set = (text: string) => new Set(text.split(" "));

  it.each([
    ["bigjoeturner", "big joe turner", 1],
    ["fol kstone", "folkstone", 1],
    ["djp mc", "dj pmc", 1],
    ["el p", "elp", 1],
    ["pink floyd", "pinkfloyd", 1],
    // Word order counts: the joined words are compared as written.
    ["floyd pink", "pinkfloyd", 0],
    ["john lennon", "paul mccartney", 0],
    ["john lennon", "john", 1],
    ["u2", "uu2", 0],
  ])("%j against %j is %d", (a, b, expected) => {
    expect(spacedOverlap(set(a), set(b))).toBe(expected);
    expect(spacedOverlap(set(b), set(a))).toBe(expected);
  });

  it("is typoOverlap when both sides are single words or share every word", () => {
    expect(spacedOverlap(set("jason"), set("mason"))).toBe(typoOverlap(set("jason"), set("mason")));
    expect(spacedOverlap(set("jay z kanye"), set("jay"))).toBe(1);
  });
});
