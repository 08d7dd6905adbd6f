import { describe, expect, it } from "vitest";
import { prepareRecording, type SoundRecording } from "./recording.ts";
import { NO_NUMBERS, NO_STRINGS } from "./short-lists.ts";

const row = (fields: Partial<SoundRecording>): SoundRecording => ({
  sr_id: "1",
  title: null,
  artists: null,
  isrcs: null,
  contributors: null,
  ...fields,
});

describe("prepareRecording's empty lists", () => {
  it("are the one shared empty list of strings or of numbers, whatever the field", () => {
    const bare = prepareRecording(row({ title: "Yesterday", isrcs: "None" }));
    for (const list of [
      bare.isrcs,
      bare.sequence,
      bare.tagMarkers,
      bare.versionWords,
      bare.contributors.words,
    ])
      expect(list).toBe(NO_STRINGS);
    for (const list of [bare.albumHashes, bare.artists.hashes, bare.contributors.hashes])
      expect(list).toBe(NO_NUMBERS);
    // A field of several codes none of which is valid parses to no code, the same shared list.
    expect(prepareRecording(row({ title: "Yesterday", isrcs: "GB-1|XX" })).isrcs).toBe(NO_STRINGS);
  });

  it("stay empty after records with and without lists are prepared", () => {
    const rows = [
      row({ title: "Yesterday", artists: "Beatles The", isrcs: "None", contributors: "Lennon|McCartney" }),
      row({
        title: "Yesterday (Remastered 2009) Part 2",
        artists: "The Beatles",
        isrcs: "GBAYE6500521|GBAYE6500522",
      }),
      row({ title: "Intro", artists: "", isrcs: "", contributors: "" }),
    ];
    for (const r of rows) prepareRecording(r);
    expect(NO_STRINGS).toHaveLength(0);
    expect(NO_NUMBERS).toHaveLength(0);
  });
});
