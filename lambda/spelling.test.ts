import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { correction } from "./spelling.ts";
import { TAG_VOCABULARY } from "./title.ts";

const englishWords: string[] = createRequire(import.meta.url)("an-array-of-english-words");

describe("correction", () => {
  it.each([
    ["miix", "mix"],
    ["eedit", "edit"],
    ["introo", "intro"],
    ["radioo", "radio"],
    ["altenrate", "alternate"],
    ["acoustc", "acoustic"],
    ["setreo", "stereo"],
    ["explicix", "explicit"],
  ])("reads %s as %s", (typo, word) => {
    expect(correction(typo, TAG_VOCABULARY)).toBe(word);
  });

  it.each([
    ["moon", "a swap in a short word"],
    ["love", "a changed letter in a short word"],
    ["lve", "a dropped letter in a short word"],
    ["steteo", "a changed letter in a six-letter word"],
    ["xmix", "a changed first letter"],
    ["mix", "the word itself"],
    ["final", "an English word one slip from another"],
  ])("leaves %s alone (%s)", (word) => {
    expect(correction(word, TAG_VOCABULARY)).toBeUndefined();
  });

  it("reads no English word as a typo but forms of the tag word itself", () => {
    const read = englishWords
      .filter((word) => /^[a-z]+$/.test(word))
      .flatMap((word) => {
        const known = correction(word, TAG_VOCABULARY);
        return known === undefined ? [] : [`${word}>${known}`];
      });
    expect(read).toEqual(
      [
        "acoustics>acoustic alternat>alternate alternated>alternate alternates>alternate alternats>alternate",
        "bootlegs>bootleg concerts>concert editions>edition epilogued>epilogue epilogues>epilogue",
        "explicits>explicit finales>finale instrumentals>instrumental interluded>interlude interludes>interlude",
        "introductions>introduction karaokes>karaoke mashups>mashup motions>motion orchestra>orchestral",
        "orchestras>orchestral outtaken>outtake outtakes>outtake overtured>overture overtures>overture",
        "pictured>picture pictures>picture postludes>postlude preluded>prelude preluder>prelude",
        "preludes>prelude prologued>prologue prologues>prologue rehearsals>rehearsal reprised>reprise",
        "reprises>reprise rerecords>rerecord reverbs>reverb reworks>rework soundtracks>soundtrack",
        "stere>stereo stereos>stereo strigs>strings string>strings",
      ]
        .join(" ")
        .split(" "),
    );
  });
});
