import { describe, expect, it } from "vitest";
import { Rng } from "./rng.ts";
import { albumTitle } from "./titles.ts";
import { FOREIGN, foreignMine, NOUNS, plural } from "./words.ts";

describe("plural", () => {
  it.each([
    ["story", "stories"],
    ["wolf", "wolves"],
    ["kiss", "kisses"],
    ["eye", "eyes"],
    ["echo", "echoes"],
    ["hero", "heroes"],
    ["life", "lives"],
    ["gold", "gold"],
    ["dust", "dust"],
  ])("%s -> %s", (word, expected) => {
    expect(plural(word)).toBe(expected);
  });

  it("keeps the nouns singular to begin with (no `Eyeses`)", () => {
    const doubled = NOUNS.filter((noun) => plural(noun).endsWith("eses") && !noun.endsWith("ss"));
    expect(doubled).toEqual([]);
  });
});

describe("foreignMine", () => {
  it.each([
    ["es", "el corazón", "mi corazón"],
    ["es", "la noche", "mi noche"],
    ["it", "la notte", "la mia notte"],
    ["it", "il cuore", "il mio cuore"],
    ["it", "l'estate", "la mia estate"],
    ["it", "l'amore", "il mio amore"],
    ["fr", "la nuit", "ma nuit"],
    ["fr", "le cœur", "mon cœur"],
    ["fr", "l'âme", "mon âme"],
    ["de", "die Sehnsucht", "meine Sehnsucht"],
    ["de", "das Herz", "mein Herz"],
    ["pt", "a saudade", "minha saudade"],
    ["pt", "os sonhos", "meus sonhos"],
    ["pt", "o mar", "meu mar"],
  ] as const)("%s: %s -> %s", (lang, phrase, expected) => {
    expect(foreignMine(lang, phrase)).toBe(expected);
  });

  it("has a form for every noun of every language", () => {
    for (const [lang, nouns] of Object.entries(FOREIGN) as [keyof typeof FOREIGN, readonly string[]][])
      for (const noun of nouns) expect(() => foreignMine(lang, noun.replaceAll("_", " "))).not.toThrow();
  });
});

describe("generated titles (before a source's spelling noise)", () => {
  it("write German nouns capitalised and foreign possessives that agree with their noun", () => {
    const rng = new Rng(5);
    const titles = Array.from({ length: 20_000 }, () => albumTitle(rng));
    const german = titles.filter((t) => /^(Das|Die|Der|Mein|Meine) /.test(t));
    expect(german.length).toBeGreaterThan(10);
    expect(german.filter((t) => /^(Das|Die|Der|Mein|Meine) \p{Ll}/u.test(t))).toEqual([]);
    const disagreeing =
      /^(Meu (a|as|os) |Meu (saudade|noite|paixão|alegria|cidade|canção|vida)\b|Il mio (notte|città|libertà|stella|luna|vita|strada)\b|Mon (nuit|lumière|fenêtre|liberté|mer|vie)\b|Mein (Liebe|Nacht|Sehnsucht|Straße|Stadt)\b)/i;
    expect(titles.filter((t) => disagreeing.test(t))).toEqual([]);
  });
});
