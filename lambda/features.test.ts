import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXAMPLE_RECORDS } from "./catalog-fixture.ts";
import {
  BASELINE_FEATURES,
  extractFeatures,
  FEATURE_NAMES,
  type FeatureName,
  leadingWords,
  sharedLeadingWords,
} from "./features.ts";
import { MAX_FIELD_CHARS, prepareRecording, type SoundRecording } from "./recording.ts";
import { sharedHashes, wordHashes } from "./word-hashes.ts";

const [beatlesNoIsrc, beatles, elvis] = EXAMPLE_RECORDS.map(prepareRecording) as [
  ReturnType<typeof prepareRecording>,
  ReturnType<typeof prepareRecording>,
  ReturnType<typeof prepareRecording>,
];

function features(a: ReturnType<typeof prepareRecording>, b: ReturnType<typeof prepareRecording>) {
  const values = extractFeatures(a, b);
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, values[i]])) as Record<FeatureName, number>;
}

/**
 * Whether the titles read as different versions, seen through isrc_match_version_diff: the two
 * records share an ISRC, so the feature is 1 exactly when a version tag, tag word or sequence differs.
 */
function versionDiff(a: Partial<SoundRecording>, b: Partial<SoundRecording>): number {
  return features(record({ ...a, isrcs: SHARED_ISRC }), record({ ...b, isrcs: SHARED_ISRC }))
    .isrc_match_version_diff;
}

/**
 * How far the full titles (version tags included) agree, seen through isrc_conflict_text_agree: the
 * two records carry different ISRCs and the same artists, so the feature is the full titles' similarity.
 */
function fullTitleAgreement(a: Partial<SoundRecording>, b: Partial<SoundRecording>): number {
  return features(record({ ...a, isrcs: SHARED_ISRC }), record({ ...b, isrcs: OTHER_ISRC }))
    .isrc_conflict_text_agree;
}

const SHARED_ISRC = "USAAA2400001";
const OTHER_ISRC = "GBBBB1900123";

function record(fields: Partial<SoundRecording>): ReturnType<typeof prepareRecording> {
  return prepareRecording({
    sr_id: "x",
    title: "Song",
    artists: "Artist",
    isrcs: "",
    contributors: "",
    ...fields,
  });
}

describe("extractFeatures", () => {
  it("gives one value in [0, 1] per feature name", () => {
    const values = extractFeatures(beatles, elvis);
    expect(values).toHaveLength(FEATURE_NAMES.length);
    for (const value of values) expect(value >= 0 && value <= 1).toBe(true);
  });

  it("starts with the four suggested features", () => {
    expect(BASELINE_FEATURES).toEqual(["title_sim", "artists_sim", "contributors_sim", "isrc_match"]);
  });

  it("sees 'Beatles The' and 'The Beatles' as the same artist, surnames inside full names", () => {
    const f = features(beatlesNoIsrc, beatles);
    expect(f.artists_sim).toBe(1);
  });

  it("tells a missing ISRC apart from a different one", () => {
    expect(features(beatlesNoIsrc, beatles)).toMatchObject({ isrc_match: 0, isrc_conflict: 0 });
    expect(features(beatles, elvis)).toMatchObject({ isrc_match: 0, isrc_conflict: 1 });
    expect(features(beatles, beatles)).toMatchObject({ isrc_match: 1, isrc_conflict: 0 });
  });

  it("matches when any of several ISRCs is shared", () => {
    const f = features(record({ isrcs: "GBAYE6500521|USRC16908444" }), record({ isrcs: "USRC16908444" }));
    expect(f).toMatchObject({ isrc_match: 1, isrc_conflict: 0 });
  });

  it("sees a remix as another version of the same song", () => {
    const f = features(record({ title: "Song" }), record({ title: "Song (Purple Mix)" }));
    expect(f.title_sim).toBe(1);
    expect(f.tag_edit_mix_diff).toBe(1);
    expect(versionDiff({ title: "Song" }, { title: "Song (Purple Mix)" })).toBe(1);
    expect(fullTitleAgreement({ title: "Song" }, { title: "Song (Purple Mix)" })).toBeLessThan(1);
  });

  it("ignores case, accents and a moved 'feat.'", () => {
    const f = features(
      record({ title: "Déjà Vu (feat. Tish)", artists: "Ana" }),
      record({ title: "DEJA VU", artists: "Ana, Tish" }),
    );
    expect(f.title_sim).toBe(1);
    expect(f.artists_sim).toBe(1);
  });
});

describe("a title that is a placeholder", () => {
  it.each(["None", "null", "N/A", " nan "])(
    "reads %j as a missing title, as the other fields do",
    (title) => {
      const placeholder = record({ title, artists: "Metallica" });
      const empty = record({ title: "", artists: "Metallica" });
      expect({ ...placeholder, raw: empty.raw }).toEqual(empty);
      expect(extractFeatures(placeholder, record({ title, artists: "Metallica" }))).toEqual(
        extractFeatures(empty, record({ title: "", artists: "Metallica" })),
      );
    },
  );
});

describe("a field longer than MAX_FIELD_CHARS", () => {
  it("is read to its first MAX_FIELD_CHARS characters", () => {
    const long = (seed: number) =>
      Array.from({ length: 20_000 }, (_, i) => `w${(i * seed) % 7919}`).join(" ") + " - Live".repeat(500);
    const [a, b] = [long(3), long(5)];
    const cut = (text: string) => text.slice(0, MAX_FIELD_CHARS);
    expect(extractFeatures(record({ title: a, album: b }), record({ title: b, contributors: a }))).toEqual(
      extractFeatures(
        record({ title: cut(a), album: cut(b) }),
        record({ title: cut(b), contributors: cut(a) }),
      ),
    );
  });
});

describe("extractFeatures on phenomena of real catalogs", () => {
  it("sees Part 1 and Part 2 of one title as a sequence difference", () => {
    expect(features(record({ title: "Song, Pt. 1" }), record({ title: "Song (Part I)" })).sequence_diff).toBe(
      0,
    );
    expect(features(record({ title: "Song, Pt. 1" }), record({ title: "Song, Pt. 2" })).sequence_diff).toBe(
      1,
    );
    expect(features(record({ title: "Song" }), record({ title: "Song (Reprise)" })).sequence_diff).toBe(1);
  });

  it("reads sibling ISRCs and a re-issue under one registrant from the code's structure", () => {
    const f = features(record({ isrcs: "GBAYE6500521" }), record({ isrcs: "GBAYE6500522" }));
    expect(f).toMatchObject({
      isrc_match: 0,
      isrc_conflict: 1,
      isrc_sibling: 1,
      isrc_registrant_other_year: 0,
    });
    const g = features(record({ isrcs: "GBAYE6500521" }), record({ isrcs: "GBAYE0900521" }));
    expect(g).toMatchObject({ isrc_sibling: 0, isrc_registrant_other_year: 1 });
  });

  it("lets a version difference speak against a shared ISRC, and weighs an ISRC conflict by text agreement", () => {
    const live = features(
      record({ isrcs: "GBAYE6500521" }),
      record({ title: "Song (Live)", isrcs: "GBAYE6500521" }),
    );
    expect(live).toMatchObject({ isrc_match: 1, isrc_match_version_diff: 1, tag_live_diff: 1 });
    const same = features(record({ isrcs: "GBAYE6500521" }), record({ isrcs: "USRC16908444" }));
    expect(same.isrc_conflict_text_agree).toBe(1);
  });

  it("gives one value per tag family difference", () => {
    const f = features(record({ title: "Song (Remastered 2011)" }), record({ title: "Song [Explicit]" }));
    expect(f).toMatchObject({
      tag_remaster_diff: 1,
      tag_year_diff: 1,
      tag_clean_explicit_diff: 1,
      tag_live_diff: 0,
    });
  });

  it("reads a typo of a tag word as the tag, so one tag is not on one side only", () => {
    const typo = features(record({ title: "Save Me (Full Mix)" }), record({ title: "Save Me (Full Miix)" }));
    expect(typo.tag_edit_mix_diff).toBe(0);
    expect(versionDiff({ title: "Save Me (Full Mix)" }, { title: "Save Me (Full Miix)" })).toBe(0);
    const other = features(record({ title: "Save Me (Full Mix)" }), record({ title: "Save Me (Full Max)" }));
    expect(other.tag_edit_mix_diff).toBe(1);
  });

  it("reads the other record's album written after a title as release, not version", () => {
    const volumeTitle = { title: "Java - Bar Jazz, Volume 4" };
    const volumeAlbum = { title: "Java", album: "Bar Jazz, Vol. IV" };
    expect(features(record(volumeTitle), record(volumeAlbum)).sequence_diff).toBe(0);
    expect(fullTitleAgreement(volumeTitle, volumeAlbum)).toBe(1);
    const liveTitle = { title: "Hysteria - Live at Rome Olympic Stadium" };
    const liveAlbum = { title: "Hysteria", album: "Live at Rome Olympic Stadium" };
    expect(features(record(liveTitle), record(liveAlbum)).tag_live_diff).toBe(0);
    expect(versionDiff(liveTitle, liveAlbum)).toBe(0);
    // Without an album on the other side the same words are the title's: a live version.
    const noAlbum = features(
      record({ title: "Hysteria - Live at Rome Olympic Stadium" }),
      record({ title: "Hysteria" }),
    );
    expect(noAlbum.tag_live_diff).toBe(1);
  });

  it("reads a record's own album in its title as release", () => {
    const own = record({
      title: "Held Hostage (Oi! The Singles Collection, Volume 2)",
      album: "Oi! The Singles Collection, Volume 2",
    });
    expect(own).toMatchObject({ sequence: [], titleText: "Held Hostage" });
    expect(sharedHashes(own.titleHashes, wordHashes(["singles"]))).toBe(1);
    expect(features(own, record({ title: "Held Hostage" })).sequence_diff).toBe(0);
    // A version tag that is not the album stays.
    expect(record({ title: "Song (Live)", album: "Greatest Hits" }).tagMarkers).toEqual(["live:live"]);
    // An album with brackets of its own, written in brackets after the title.
    const nested = record({
      title: "Freeloader (Illusion Uranus Edition (disc 1))",
      album: "Illusion Uranus Edition (disc 1)",
    });
    expect(nested).toMatchObject({ sequence: [], titleText: "Freeloader" });
    expect(features(nested, record({ title: "Freeloader" })).sequence_diff).toBe(0);
  });

  it("keeps a single's name and its version tags when the album bears the song's name", () => {
    // The record's own album: "Artist - Song (Club Mix)" on the single "Song" is a club mix.
    const mix = record({
      title: "Flo Rida - Who Dat Girl (Promise Land Club Mix)",
      artists: "Flo Rida",
      album: "Who Dat Girl",
    });
    expect(mix.tagMarkers).toEqual(["edit_mix:club", "edit_mix:mix"]);
    // Tags the album has too are the album's.
    const live = record({ title: "Hysteria - Live at Wembley (Live)", album: "Live at Wembley (Live)" });
    expect(live).toMatchObject({ titleText: "Hysteria", tagMarkers: [] });
    // A record without artists wrote "Artist - Title": the text after the dash is the song.
    const artistless = record({
      title: "Laura Harris - Bring Back the Love",
      artists: "",
      album: "Bring Back the Love",
    });
    expect(artistless.titleText).toBe("Laura Harris - Bring Back the Love");
    const single = record({
      title: "Bring Back the Love",
      artists: "Laura Harris",
      album: "Bring Back the Love",
    });
    expect(features(artistless, single).title_best_sim).toBe(1);
    // The other record's album, read per pair, follows the same two rules.
    const remix = features(
      record({ title: "DJ PMC - Subplate (M.I.K.E. Remix)", artists: "DJ PMC" }),
      record({ title: "Subplate (M.I.K.E. Remix)", artists: "DJ PMC", album: "Subplate" }),
    );
    expect(remix.tag_edit_mix_diff).toBe(0);
    expect(
      versionDiff(
        { title: "DJ PMC - Subplate (M.I.K.E. Remix)", artists: "DJ PMC" },
        { title: "Subplate (M.I.K.E. Remix)", artists: "DJ PMC", album: "Subplate" },
      ),
    ).toBe(0);
    const against = features(record({ title: "Laura Harris - Bring Back the Love", artists: "" }), single);
    expect(against.title_best_sim).toBe(1);
  });

  it("finds the artist and album written into the other side's title", () => {
    const f = features(
      record({ title: "Action Painting! - Mustard Gas (There and Back)", artists: "" }),
      record({ title: "Mustard Gas", artists: "Action Painting!", album: "There and Back" }),
    );
    expect(f).toMatchObject({ artist_in_title: 1, album_in_title: 1, title_best_sim: 1 });
    expect(f.text_overlap).toBe(1);
    // The record without artists reads as "Artist - Title": its artist is compared as one.
    expect(f).toMatchObject({ artists_sim: 1, artists_missing: 0, title_sim: 1 });
  });

  it("compares the artist a record without artists wrote on either side of a dash in its title", () => {
    const named = record({ title: "Onnellinen", artists: "Tarharyhmä" });
    const artistFirst = features(record({ title: "Tarharyhmä - Onnellinen", artists: "" }), named);
    expect(artistFirst).toMatchObject({
      title_artist_sim: 1,
      artists_sim: 1,
      artists_missing: 0,
      title_sim: 1,
    });
    expect(features(named, record({ title: "Onnellinen - Tarharyhma", artists: "" })).title_artist_sim).toBe(
      1,
    );
    expect(features(record({ title: "Tarharyhmä - Onnellinen" }), named).title_artist_sim).toBe(0);
    expect(features(record({ title: "Onnellinen", artists: "" }), named).title_artist_sim).toBe(0);
    const bothArtistless = features(
      record({ title: "Tarharyhmä - Onnellinen", artists: "" }),
      record({ title: "Onnellinen", artists: "" }),
    );
    expect(bothArtistless.title_artist_sim).toBe(0);
  });

  it("reads a title that glued the other record's artist and song name without spaces", () => {
    const named = record({ title: "No bombardeen Buenos Aires", artists: "Charly García" });
    const glued = record({ title: "CharlyGarcíaNobombardeenBuenosAires", artists: "" });
    expect(features(glued, named).glued_title_artist_sim).toBe(1);
    expect(features(named, glued).glued_title_artist_sim).toBe(1);
    // Another song glued to the same artist stays apart.
    const other = record({ title: "CharlyGarcíaDemoliendoHoteles", artists: "" });
    expect(features(other, named).glued_title_artist_sim).toBeLessThan(0.5);
    // 0 when the title does not hold the artist, when both or neither name artists, or for a name
    // of under 3 letters run together.
    expect(
      features(record({ title: "NobombardeenBuenosAires", artists: "" }), named).glued_title_artist_sim,
    ).toBe(0);
    expect(
      features(record({ title: "CharlyGarcíaNobombardeenBuenosAires" }), named).glued_title_artist_sim,
    ).toBe(0);
    expect(
      features(glued, record({ title: "No bombardeen Buenos Aires", artists: "" })).glued_title_artist_sim,
    ).toBe(0);
    // The guard: a glued title on a record that names artists, or two records without artists.
    expect(
      features(named, record({ title: "CharlyGarcíaNobombardeenBuenosAires", artists: "Pedro Aznar" }))
        .glued_title_artist_sim,
    ).toBe(0);
    expect(
      features(glued, record({ title: "Charly García - No bombardeen Buenos Aires", artists: "" }))
        .glued_title_artist_sim,
    ).toBe(0);
    const short = record({ title: "Bad", artists: "U2" });
    expect(features(record({ title: "U2Bad", artists: "" }), short).glued_title_artist_sim).toBe(0);
  });

  it("weighs a version family difference by how much of the other text agrees", () => {
    const original = record({ title: "This Love", artists: "Taylor Swift" });
    const karaoke = features(
      record({ title: "This Love (Karaoke Version)", artists: "Taylor Swift" }),
      original,
    );
    expect(karaoke.tag_acoustic_diff).toBe(1);
    expect(karaoke.version_diff_text_agree).toBe(karaoke.text_overlap);
    expect(karaoke.version_diff_text_agree).toBeGreaterThan(0.9);
    // Another song of the artist, live: the family differs, little else agrees.
    const otherSong = features(record({ title: "Style (Live)", artists: "Taylor Swift" }), original);
    expect(otherSong.tag_live_diff).toBe(1);
    expect(otherSong.version_diff_text_agree).toBeLessThan(karaoke.version_diff_text_agree);
    // 0 when no version family differs: the same tags, or a family that keeps the master (remaster).
    const bothLive = features(
      record({ title: "This Love (Live)", artists: "Taylor Swift" }),
      record({ title: "This Love (Live)", artists: "Taylor Swift" }),
    );
    expect(bothLive.version_diff_text_agree).toBe(0);
    const remaster = features(record({ title: "This Love (Remastered)", artists: "Taylor Swift" }), original);
    expect(remaster.tag_remaster_diff).toBe(1);
    expect(remaster.version_diff_text_agree).toBe(0);
    // Nor for a sequence mark alone: Part 2 is another song, read by sequence_diff.
    const part = features(record({ title: "This Love, Part 2", artists: "Taylor Swift" }), original);
    expect(part.sequence_diff).toBe(1);
    expect(part.version_diff_text_agree).toBe(0);
    // Every version family counts, and the value is the same either way round: a remix of a song
    // whose longer artist list holds the other's.
    const remix = record({ title: "Stop Me (Kissy Sell Out Remix)", artists: "Mark Ronson" });
    const single = record({ title: "Stop Me", artists: "Mark Ronson feat. Daniel Merriweather" });
    const forward = features(remix, single);
    expect(forward.tag_edit_mix_diff).toBe(1);
    expect(forward.version_diff_text_agree).toBe(forward.text_overlap);
    expect(features(single, remix).version_diff_text_agree).toBe(forward.version_diff_text_agree);
    expect(
      features(record({ title: "This Love (Taylor's Version)", artists: "Taylor Swift" }), original)
        .version_diff_text_agree,
    ).toBeGreaterThan(0.9);
  });

  it("compares two records without artists as 'Artist - Title': one artist, two songs", () => {
    const f = features(
      record({ title: "Marvin Gaye - Distant Lover", artists: "" }),
      record({ title: "Marvin Gaye - What's Going On", artists: "" }),
    );
    expect(f).toMatchObject({ artists_sim: 1, artists_missing: 0, title_artist_sim: 0 });
    expect(f.title_sim).toBeLessThan(0.5);
    expect(f.title_best_sim).toBeLessThan(0.5);
  });

  it("counts a guest the title of a record without artists names as one of the artists before its dash", () => {
    const named = record({ title: "Amigo", artists: "Zbatata feat. Soprano" });
    const guest = features(record({ title: "Zbatata feat. Soprano - Amigo", artists: "" }), named);
    expect(guest.title_artist_sim).toBe(1);
    // A record whose artists field names someone is not artistless, whatever its title features.
    const credited = features(record({ title: "Zbatata feat. Soprano - Amigo", artists: "Zbatata" }), named);
    expect(credited.title_artist_sim).toBe(0);
  });

  it("reads the other record's album after the dash of a record without artists when the text before it is the song", () => {
    const single = record({
      title: "La mère Michel",
      artists: "",
      album: "La Ronde des tout petits, Volume 2",
    });
    const f = features(
      record({ title: "La mère Michel - La Ronde des tout petits, Volume 2", artists: "" }),
      single,
    );
    expect(f.sequence_diff).toBe(0);
    expect(
      versionDiff(
        { title: "La mère Michel - La Ronde des tout petits, Volume 2", artists: "" },
        {
          title: "La mère Michel",
          artists: "",
          album: "La Ronde des tout petits, Volume 2",
        },
      ),
    ).toBe(0);
    // Before the dash an artist, after it the song that the single's album is named for: no album.
    const song = record({ title: "Bring Back the Love", artists: "", album: "Bring Back the Love" });
    const artistSong = features(record({ title: "Laura Harris - Bring Back the Love", artists: "" }), song);
    expect(artistSong.title_best_sim).toBe(1);
  });

  it("reads album, duration and year as missing when absent, and compares them when present", () => {
    const bare = features(record({}), record({}));
    expect(bare).toMatchObject({ album_missing: 1, duration_missing: 1, year_missing: 1, album_sim: 0 });
    const rich = features(
      record({ album: "Help! (Remastered)", duration_ms: 125_000, year: 1965 }),
      record({ album: "Help!", duration_ms: 126_000, year: 1965 }),
    );
    expect(rich).toMatchObject({ album_missing: 0, album_sim: 1, duration_missing: 0, year_match: 1 });
    expect(rich.duration_close).toBeCloseTo(0.8);
  });

  it("reads lengths 5 s or more apart as unrelated: an edit or another take, not a service's rounding", () => {
    const length = (ms: number) => record({ title: "Hey Mama", artists: "David Guetta", duration_ms: ms });
    expect(features(length(241_000), length(241_400)).duration_close).toBeCloseTo(0.92);
    expect(features(length(241_000), length(243_500)).duration_close).toBeCloseTo(0.5);
    expect(features(length(241_000), length(251_000)).duration_close).toBe(0);
  });

  it("takes an m:ss length written into the title as the duration", () => {
    const f = features(
      record({ title: "Silver and Gold 3:33" }),
      record({ title: "Silver and Gold", duration_ms: 213_000 }),
    );
    expect(f).toMatchObject({ title_sim: 1, duration_close: 1 });
  });

  it("compares the leading words of titles that carry other fields after the name", () => {
    const f = features(
      record({ title: "Extra Extra Credit Flight School $ 0.99" }),
      record({ title: "Extra Extra Credit Mad Decent" }),
    );
    expect(f.title_prefix_words).toBeCloseTo(3 / 6);
    expect(f.title_prefix_share).toBeCloseTo(3 / 5);
  });

  it("compares the song's name with the same number of leading words of a longer title", () => {
    const f = features(
      record({ title: "Gone The Weeknd Trilogy Contemporary R&B 8:07" }),
      record({ title: "Gone (Clean)", artists: "The Weeknd" }),
    );
    expect(f.title_lead_sim).toBe(1);
    expect(f.title_sim).toBeLessThan(0.5);
    expect(f).toMatchObject({ duration_missing: 1 });
    const other = features(
      record({ title: "Son of Sam Shinedown Rock" }),
      record({ title: "Her Name Is Alice" }),
    );
    expect(other.title_lead_sim).toBeLessThan(0.5);
  });

  it("reads a release date written into the title as the year", () => {
    const f = features(
      record({ title: "Elevator Flo Rida 3:55 17-Mar-08" }),
      record({ title: "Elevator", year: 2008, duration_ms: 235_000 }),
    );
    expect(f).toMatchObject({ year_match: 1, year_missing: 0, duration_close: 1 });
  });
});

describe("sharedLeadingWords", () => {
  /** The same count from the word lists (titleCoreWords): leading words equal one by one. */
  const byLists = (a: string, b: string, most: number) => {
    const [x, y] = [a === "" ? [] : a.split(" "), b === "" ? [] : b.split(" ")];
    let n = 0;
    while (n < x.length && n < y.length && n < most && x[n] === y[n]) n++;
    return n;
  };
  const text = fc
    .array(fc.constantFrom("let", "it", "be", "bleed", "", "l", "letit"), { maxLength: 8 })
    .map((words) => words.join(" "));

  it("counts as the word lists do, for any texts of single-space-separated words", () => {
    fc.assert(
      fc.property(text, text, fc.integer({ min: 1, max: 7 }), (a, b, most) => {
        expect(sharedLeadingWords(a, b, most)).toBe(byLists(a, b, most));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["let it be", "let it bleed", 2],
    ["let it be", "let it be", 3],
    ["let it", "let it be", 2],
    ["let", "letit", 0],
    ["", "let", 0],
  ])("%j and %j share %d", (a, b, expected) => {
    expect(sharedLeadingWords(a, b, 6)).toBe(expected);
  });
});

describe("leadingWords", () => {
  const text = fc
    .array(fc.constantFrom("let", "it", "be", "", "l"), { maxLength: 8 })
    .map((words) => words.join(" "));

  it("is the text's first words as a split and a join give them, for any count", () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 9 }), (t, count) => {
        expect(leadingWords(t, count)).toBe(t.split(" ").slice(0, count).join(" "));
      }),
      { numRuns: 2000 },
    );
  });
});
