import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldRomanisation, foldText, isMissing, wordCount, words } from "./text.ts";

describe("isMissing", () => {
  it.each([
    [null, true],
    ["", true],
    ["  ", true],
    ["None", true],
    ["null", true],
    ["GBAYE6500521", false],
    ["Nonesuch", false],
  ])("%j is missing: %s", (value, expected) => {
    expect(isMissing(value)).toBe(expected);
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
