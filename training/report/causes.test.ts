import { describe, expect, it } from "vitest";
import { extractFeatures } from "../../lambda/features.ts";
import { prepareRecording, type SoundRecording } from "../../lambda/recording.ts";
import { causesOf, NO_CAUSE } from "./causes.ts";

const record = (fields: Partial<SoundRecording>): SoundRecording => ({
  sr_id: "x",
  title: "Yesterday Once More",
  artists: "The Carpenters",
  isrcs: "USAM17300001",
  contributors: "Richard Carpenter|John Bettis",
  ...fields,
});

const causes = (a: Partial<SoundRecording>, b: Partial<SoundRecording>, label: number) => {
  const [x, y] = [prepareRecording(record(a)), prepareRecording(record(b))];
  return causesOf(x, y, extractFeatures(x, y), label);
};

describe("error causes read from the records", () => {
  it.each([
    ["a live version", { title: "Yesterday Once More (Live)" }, 0, "version tags differ"],
    ["a Cyrillic title", { title: "Вчера ещё раз" }, 1, "non-Latin script on one side (transliteration)"],
    ["a missing ISRC", { isrcs: "None" }, 1, "ISRC missing on a side"],
    ["a re-coded duplicate", { isrcs: "USAM17300002" }, 1, "ISRC differs on a duplicate"],
    ["missing credits", { contributors: "" }, 1, "contributors missing on a side"],
    ["a cover", { artists: "Sonic Youth", isrcs: "USAM19400001" }, 0, "artists differ (cover, other act)"],
    ["a typo", { title: "Yesterday Once Mroe" }, 1, "title spelling differs (typo, punctuation)"],
    [
      "a neighbouring track's code",
      { isrcs: "USAM17300003" },
      0,
      "ISRCs of neighbouring tracks (same registrant and year)",
    ],
    [
      "a second part",
      { title: "Yesterday Once More, Pt. 2" },
      0,
      "titles differ only by a number or sequence word (Part 2, Vol. 1, Reprise)",
    ],
    [
      "the artist in the title",
      { title: "The Carpenters - Yesterday Once More", artists: "" },
      1,
      "field in the wrong place (artist in title, track number, empty artists)",
    ],
    [
      "a track number",
      { title: "07-Yesterday Once More" },
      1,
      "field in the wrong place (artist in title, track number, empty artists)",
    ],
  ])("names %s", (_case, other, label, cause) => {
    expect(causes({}, other, label)).toContain(cause);
  });

  it("falls back to label noise only when identical records carry no other cause", () => {
    expect(causes({}, {}, 0)).toEqual(["ISRC shared by a non-duplicate"]);
    expect(causes({}, {}, 1)).toEqual([NO_CAUSE]);
  });
});
