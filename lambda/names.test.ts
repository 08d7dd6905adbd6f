import { describe, expect, it } from "vitest";
import { artistWords, contributorWords } from "./names.ts";

describe("artistWords", () => {
  it.each([
    ["Beatles The", [], "beatles"],
    ["The Beatles", [], "beatles"],
    ["Sia, Diplo, Labrinth, LSD", [], "diplo labrinth lsd sia"],
    ["Simon & Garfunkel", [], "garfunkel simon"],
    ["Major Lazer feat. MØ", [], "lazer major mo"],
    ["Major Lazer", ["MØ"], "lazer major mo"],
    ["None", [], ""],
  ])("%j with featured %j gives %j", (raw, featured, key) => {
    expect(artistWords(raw, featured).key).toBe(key);
  });
});

describe("artistWords on long runs of whitespace", () => {
  it("reads them as one space, in time (the separators once backtracked over every split of a run)", () => {
    const run = " ".repeat(5_000);
    expect(artistWords(`Simon${run}&${run}Garfunkel${run}`, [])).toEqual(
      artistWords("Simon & Garfunkel", []),
    );
    expect(artistWords(`Neil${run}Young`, []).key).toBe("neil young");
  });
});

describe("contributorWords", () => {
  it.each([
    ["Lennon|McCartney", "lennon mccartney"],
    ["John Lennon|Paul McCartney", "john lennon mccartney paul"],
    ["M. Sato|SATOU MASAHIKO", "masahiko sato"],
    ["Edizioni Lungoviaggio|Victor Pool", "lungoviaggio pool victor"],
    ["Victor Pool|Антон Игумнов", "anton igumnov pool victor"],
    ["", ""],
    ["None", ""],
  ])("%j gives %j", (raw, key) => {
    expect(contributorWords(raw).key).toBe(key);
  });
});
