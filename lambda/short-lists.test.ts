import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinct, sortFirstNumbers, sortNumbers, sortStrings } from "./short-lists.ts";

// Short and long lists (past the insertion sort's 24), with repeats and non-ASCII words.
const wordLists = fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("é", "Ω", "a", "A", "")), {
  maxLength: 60,
});
const numberLists = fc.array(fc.oneof(fc.integer(), fc.double({ noNaN: true })), { maxLength: 60 });

describe("short-list helpers", () => {
  it("sort strings in place as Array.prototype.sort does, UTF-16 order", () => {
    fc.assert(
      fc.property(wordLists, (list) => {
        const copy = [...list];
        expect(sortStrings(copy)).toBe(copy);
        expect(copy).toEqual([...list].sort());
      }),
    );
  });

  it("sort numbers in place ascending, as sort((a, b) => a - b) does", () => {
    fc.assert(
      fc.property(numberLists, (list) => {
        const copy = [...list];
        expect(sortNumbers(copy)).toBe(copy);
        expect(copy).toEqual([...list].sort((a, b) => a - b));
      }),
    );
  });

  it("sort the first n numbers of a list and leave the rest", () => {
    fc.assert(
      fc.property(numberLists, fc.nat(24), (list, cut) => {
        const n = Math.min(cut, list.length);
        const copy = [...list];
        expect(sortFirstNumbers(copy, n)).toBe(copy);
        expect(copy).toEqual([...list.slice(0, n).sort((a, b) => a - b), ...list.slice(n)]);
      }),
    );
  });

  it("keep each item of several lists once, in the order first met, as a Set does", () => {
    fc.assert(
      fc.property(fc.array(wordLists, { maxLength: 4 }), (lists) => {
        expect(distinct(...lists)).toEqual([...new Set(lists.flat())]);
      }),
    );
    expect(distinct(["b", "a"], ["a", "c", "b"])).toEqual(["b", "a", "c"]);
    // A short call after a longer one: nothing of the first is left in the answer.
    expect(distinct(["x"])).toEqual(["x"]);
    expect(distinct([], [])).toEqual([]);
  });

  it("refuse to sort more numbers than a list holds", () => {
    expect(() => sortFirstNumbers([3, 1], 4)).toThrow(RangeError);
  });
});
