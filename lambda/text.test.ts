import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldRomanisation, foldText, isMissing, prefixViews, wordCount, words } from "./text.ts";

describe("isMissing", () => {
  it.each([
    [null, true],
    ["", true],
    ["  ", true],
    ["None", true],
    ["null", true],
    ["GBAYE6500521", false],
    ["Nonesuch", false],
    [" \tNONE\u00a0 ", true],
    ["  n/a  ", true],
    ["nulls", false],
  ])("%j is missing: %s", (value, expected) => {
    expect(isMissing(value)).toBe(expected);
  });

  it("reads any text as trimming and lower-casing it does", () => {
    const text = fc.string({ unit: fc.constantFrom(..."NnOoEeUuLlAa/ \t\u00a0x".split("")), maxLength: 9 });
    fc.assert(
      fc.property(text, (value) => {
        expect(isMissing(value)).toBe(
          ["", "none", "null", "nan", "n/a"].includes(value.trim().toLowerCase()),
        );
      }),
      { numRuns: 5000 },
    );
  });
});

describe("foldText", () => {
  it.each([
    ["BROKEN DREAM", "broken dream"],
    ["Beyoncé — Déjà Vu!", "beyonce deja vu"],
    ["Don't Stop Me Now", "dont stop me now"],
    ["Антон Игумнов", "anton igumnov"],
    ["一起走過的日子", "yi qi zou guo de ri zi"],
    ["  many   spaces  ", "many spaces"],
    ["", ""],
  ])("%j folds to %j", (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });
});

describe("foldText on ASCII text", () => {
  /** What foldText did to ASCII text before its one-pass loop: the specification the loop keeps. */
  const byPatterns = (text: string) =>
    text
      .toLowerCase()
      .replace(/['`]/g, "")
      .replace(/[^a-z0-9]+/g, " ")
      .trim();

  it("folds any ASCII text as the patterns do", () => {
    const ascii = fc.string({ unit: fc.constantFrom(..."aZz09 '`-.\t()&Ab  ".split("")), maxLength: 24 });
    fc.assert(
      fc.property(fc.oneof(ascii, fc.string({ unit: "binary-ascii", maxLength: 40 })), (text) => {
        expect(foldText(text)).toBe(byPatterns(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("can leave ASCII to itself: the transliteration package keeps any ASCII text as it is", async () => {
    const { transliterate } = await import("transliteration");
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", maxLength: 40 }), (text) => {
        expect(transliterate(text)).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });

  it("folds a text longer than its buffer as the patterns do", () => {
    const long = `${"Don't Stop -- ".repeat(120)}END`;
    expect(foldText(long)).toBe(byPatterns(long));
  });
});

describe("prefixViews", () => {
  it("reads the buffer's first n codes as they are now, and refuses n past its end", () => {
    const buffer = Uint8Array.from([0x41, 0x42, 0x43]);
    const text = prefixViews(buffer);
    expect([text(0), text(2), text(3)]).toEqual(["", "AB", "ABC"]);
    buffer[0] = 0x5a;
    expect(text(2)).toBe("ZB");
    expect(() => text(4)).toThrow(RangeError);
  });
});

describe("foldRomanisation", () => {
  it.each([
    ["satou", "sato"],
    ["satoo", "sato"],
    ["yuuki", "yuki"],
    ["you", "you"],
    ["lennon", "lennon"],
  ])("%j folds to %j", (input, expected) => {
    expect(foldRomanisation(input)).toBe(expected);
  });
});

describe("wordCount", () => {
  it("counts the words that words() gives, for any text of spaces and letters", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a b]{0,12}$/), (text) => {
        expect(wordCount(text)).toBe(words(text).length);
      }),
      { numRuns: 2000 },
    );
  });
});
