import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { containment, overlap, sharedHashes, wordHashes } from "./word-hashes.ts";

const wordList = fc.array(fc.string({ maxLength: 8 }), { maxLength: 12 });

describe("wordHashes", () => {
  it("keeps each distinct word once, sorted", () => {
    const hashes = wordHashes(["lennon", "mccartney", "lennon"]);
    expect(hashes).toHaveLength(2);
    expect(hashes).toEqual([...hashes].sort((a, b) => a - b));
    expect(wordHashes([])).toEqual([]);
  });

  it("gives the sorted distinct hashes of the words, short lists and long ones alike", () => {
    // Up to 40 words with repeats, past the 24 of the in-place sort, in calls one after another.
    const words = fc.array(fc.constantFrom("a", "b", "love", "é", "Ω", "", "lennon", "x1", "x2", "x3"), {
      maxLength: 20,
    });
    const many = fc.array(fc.string({ maxLength: 3 }), { minLength: 25, maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(words, many), (list) => {
        const each = list.map((word) => wordHashes([word])[0] as number);
        expect(wordHashes(list)).toEqual([...new Set(each)].sort((a, b) => a - b));
      }),
      { numRuns: 500 },
    );
  });

  it("gives integers that a double holds exactly", () => {
    fc.assert(
      fc.property(wordList, (words) => {
        for (const hash of wordHashes(words)) expect(Number.isSafeInteger(hash) && hash >= 0).toBe(true);
      }),
    );
  });
});

describe("sharedHashes", () => {
  it("counts the words two lists share, as Sets of the words would", () => {
    fc.assert(
      fc.property(wordList, wordList, (a, b) => {
        const right = new Set(b);
        expect(sharedHashes(wordHashes(a), wordHashes(b))).toBe(
          [...new Set(a)].filter((w) => right.has(w)).length,
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe("overlap", () => {
  it.each([
    [["lennon"], ["john", "lennon"], 1],
    [["a", "b"], ["b", "c"], 0.5],
    [[], ["a"], 0],
    [["a"], ["b"], 0],
  ])("%j in %j is %d", (a, b, expected) => {
    expect(overlap(wordHashes(a), wordHashes(b))).toBe(expected);
  });
});

describe("containment", () => {
  it.each([
    [["pearl", "jam"], ["pearl", "jam", "grievance"], 1],
    [["pearl", "jam", "grievance"], ["pearl", "jam"], 2 / 3],
    [[], ["a"], 0],
  ])("%j in %j is %d", (part, whole, expected) => {
    expect(containment(wordHashes(part), wordHashes(whole))).toBe(expected);
  });
});
