import { describe, expect, it } from "vitest";
import { parseTitle, trailingSegments } from "./title.ts";

describe("parseTitle", () => {
  it.each([
    ["Yesterday", "yesterday", [], [], []],
    ["Lean On (feat. MØ)", "lean on", [], [], ["MØ"]],
    ["Lean On feat. MØ & DJ Snake", "lean on", [], [], ["MØ", "DJ Snake"]],
    ["Song [Dance Edit]", "song", ["dance"], ["edit_mix:edit"], []],
    ["Song - Tequila Edit", "song", ["tequila"], ["edit_mix:edit"], []],
    ["Song (Purple Mix)", "song", ["purple"], ["edit_mix:mix"], []],
    ["Song (Live)", "song", [], ["live:live"], []],
    ["Song - Remastered 2009", "song", [], ["remaster:remastered", "year:2009"], []],
    ["Song (feat. Tish) (Radio Edit)", "song", [], ["edit_mix:edit", "edit_mix:radio"], ["Tish"]],
    ["Song (Sped Up)", "song", ["up"], ["edit_mix:sped"], []],
    ["Song - Slowed + Reverb", "song", [], ["edit_mix:reverb", "edit_mix:slowed"], []],
    ["Song (Taylor's Version)", "song", [], ["rerecorded:taylors_version"], []],
    ["Save Me (Full Miix)", "save me", ["full"], ["edit_mix:mix"], []],
    ["Song - Altenrate Version", "song", [], ["alternate:alternate"], []],
    ["Song (Radioo Eedit)", "song", [], ["edit_mix:edit", "edit_mix:radio"], []],
    ["Song (Final Mix)", "song", ["final"], ["edit_mix:mix"], []],
    ["We Dem Boyz Remix (feat. Rick Ross)", "we dem boyz remix", [], ["edit_mix:remix"], ["Rick Ross"]],
    ["Song Remixed [Explicit]", "song remixed", [], ["clean_explicit:explicit", "edit_mix:remixed"], []],
    ["Remixing the Past", "remixing the past", [], [], []],
    ["Song (Edited)", "song", [], ["clean_explicit:edited"], []],
    [
      "Gone (Album Version (Edited)) [Clean]",
      "gone",
      [],
      ["clean_explicit:clean", "clean_explicit:edited"],
      [],
    ],
    [
      "Pancho and Lefty (with Willie Nelson (Live))",
      "pancho and lefty",
      [],
      ["live:live"],
      ["Willie Nelson"],
    ],
    ["Song (feat. Drake (Remix))", "song", [], ["edit_mix:remix"], ["Drake"]],
    [
      "Song (Radio Edit (Clean))",
      "song",
      [],
      ["clean_explicit:clean", "edit_mix:edit", "edit_mix:radio"],
      [],
    ],
    ["Song [Live (Remastered)]", "song", [], ["live:live", "remaster:remastered"], []],
    ["Song (Live (Remastered)", "song live", [], ["remaster:remastered"], []],
    ["Song (Remix (feat. Sarah Brightman))", "song", [], ["edit_mix:remix"], ["Sarah Brightman"]],
    [
      "Song (From the Motion Picture 'Film')",
      "song",
      [],
      ["soundtrack:film", "soundtrack:from", "soundtrack:motion", "soundtrack:picture"],
      [],
    ],
  ])(
    "%j has core %j, version words %j, tag markers %j, featured %j",
    (raw, core, versionWords, markers, featured) => {
      const title = parseTitle(raw);
      expect(title.core).toBe(core);
      expect(title.versionWords).toEqual(versionWords);
      expect(title.markers).toEqual(markers);
      expect(title.featured).toEqual(featured);
    },
  );

  it.each([
    ["Gone (Album Version (Edited)) [Clean]", "Gone (Album Version) (Edited) [Clean]"],
    [
      "Western Life (1995 Version) (Look Up (1995 Version))",
      "Western Life (1995 Version) (Look Up) (1995 Version)",
    ],
    ["Song (Part 2 (Reprise))", "Song (Part 2) (Reprise)"],
    ["Song (Single Version (Mono))", "Song (Single Version) (Mono)"],
    ["(Untitled (Live))", "(Untitled) (Live)"],
    ["Song (feat. A) Album (Deluxe (Remastered))", "Song (feat. A) Album (Deluxe) (Remastered)"],
  ])("reads the bracket inside a bracket of %j as the next bracket of %j", (nested, flat) => {
    expect(parseTitle(nested)).toEqual(parseTitle(flat));
  });

  it("reads brackets after further text as another field's words, not the song's tags", () => {
    const title = parseTitle("Turn Around (5,4,3,2,1) Flo Rida Only One Flo (Part 1) [Deluxe] [+ Video]");
    expect(title).toMatchObject({ markers: [], sequence: [] });
    expect(title.extraWords).toEqual(expect.arrayContaining(["part", "1", "deluxe", "video"]));
    expect(parseTitle("Song (feat. Tish) [Explicit] Album Name (Deluxe)").markers).toEqual([
      "clean_explicit:explicit",
    ]);
    // A feat. bracket there still names a guest.
    expect(parseTitle("Song [Explicit] Album Name (feat. Tish)").featured).toEqual(["Tish"]);
    // A stray letter between brackets (a typo) is no field.
    expect(parseTitle("Song (Radio Edit)l(Remastered)").markers).toEqual([
      "edit_mix:edit",
      "edit_mix:radio",
      "remaster:remastered",
    ]);
  });

  it.each([
    ["(I Can't Get No) Satisfaction (Mono Version)", ["mono_stereo:mono"]],
    ["(Don't Fear) The Reaper (Live)", ["live:live"]],
    ["Symphony No. 3 (Eroica): II. Marcia funebre (Live)", ["live:live"]],
    ["Song (feat. X) - Remix [Explicit]", ["clean_explicit:explicit", "edit_mix:remix"]],
  ])("keeps the version tags of %j, whose earlier bracket is part of the name", (raw, markers) => {
    expect(parseTitle(raw).markers).toEqual(markers);
  });

  it("reads a section word's typo in a tag as the section", () => {
    expect(parseTitle("Apache (Introo)").sequence).toEqual(["section:intro"]);
  });

  it("keeps version tags in the full title", () => {
    expect(parseTitle("Song (Live)").full).toBe("song live");
  });

  it.each([
    ["007-Street Hype", "street hype"],
    ["03. Song", "song"],
    ["007", "007"],
    ["99 Luftballons", "99 luftballons"],
  ])("drops a track-number prefix: %j has core %j", (raw, core) => {
    expect(parseTitle(raw).core).toBe(core);
  });

  it.each([
    ["007-", ""],
    ["004-/", ""],
    ["02. 涙", "lei"],
  ])("reads a title that is only a track number as no name: %j has core %j", (raw, core) => {
    expect(parseTitle(raw).core).toBe(core);
  });

  it("reads a title that is only brackets as the name in its first bracket", () => {
    expect(parseTitle("[untitled]")).toMatchObject({ core: "untitled", markers: [], versionWords: [] });
    expect(parseTitle("[silence] (Live at Metro)")).toMatchObject({
      core: "silence",
      markers: ["live:live", "live:live_at"],
    });
    expect(parseTitle("David Weber - [untitled]", true)).toMatchObject({
      core: "untitled",
      artistText: "David Weber",
    });
    expect(parseTitle("(Intro)")).toMatchObject({ core: "intro", sequence: ["section:intro"] });
    // A bracket beside a name stays a note, and a title without letters stays without a name.
    expect(parseTitle("Song [Live]")).toMatchObject({ core: "song", markers: ["live:live"] });
    expect(parseTitle("(!!!)").core).toBe("");
    // A bracket that names a version after the one dash of a record without artists is a note.
    expect(parseTitle("ZIMA - (LIVE)", true)).toMatchObject({
      core: "zima",
      artistText: "",
      markers: ["live:live"],
    });
    expect(parseTitle("(Live)")).toMatchObject({ core: "", markers: ["live:live"] });
  });

  it("reads version notes off the end of a title with several dashes before splitting it", () => {
    const title = parseTitle("Rico Butterfly - Across the Mother - Remastered");
    expect(title).toMatchObject({ core: "rico butterfly", alt: "across the mother" });
    expect(title.markers).toEqual(["remaster:remastered"]);
  });

  it("reads 'Artist - Title' artist first for a record without artists", () => {
    expect(parseTitle("Marvin Gaye - Distant Lover", true)).toMatchObject({
      core: "distant lover",
      alt: "marvin gaye",
      artistText: "Marvin Gaye",
    });
    expect(parseTitle("Marvin Gaye - Distant Lover")).toMatchObject({ core: "marvin gaye", artistText: "" });
    expect(parseTitle("Nico - Slow Down (Stone Remix) - 2009 Remaster", true)).toMatchObject({
      core: "slow down",
      artistText: "Nico",
      markers: ["edit_mix:remix", "remaster:remaster", "year:2009"],
    });
    expect(parseTitle("Song - Radio Edit", true)).toMatchObject({ core: "song", artistText: "" });
    expect(parseTitle("Song - Original Mix", true)).toMatchObject({ core: "song", artistText: "" });
  });

  it.each([
    ["Josh Gracin - I Want to Live", "i want to live", "Josh Gracin"],
    [
      "Wolfgang Amadeus Mozart - Concert for Harp & Flute, Andantino",
      "concert for harp flute andantino",
      "Wolfgang Amadeus Mozart",
    ],
    ["Kwame Henderson - The Endless Piano", "the endless piano", "Kwame Henderson"],
  ])(
    "keeps the song after the one dash of a record without artists, %j, even with a family word at an end",
    (raw, core, artistText) => {
      expect(parseTitle(raw, true)).toMatchObject({ core, artistText, markers: [] });
      // With artists in their field the same suffix is still read as a note or a name, as before.
      expect(parseTitle(raw).artistText).toBe("");
    },
  );

  it.each([
    ["Ike & The Capers  -Darn Dem Bones", "Ike & The Capers"],
    ["Jonathan Mann- Coloring Outside the Hearts", "Jonathan Mann"],
    ["Stormzone -- The Pass Loning", "Stormzone"],
    ["Carl_Philipp_Emanuel_Bach_-_Auf,_schicke_dich", "Carl Philipp Emanuel Bach"],
  ])("finds the artist of %j before a dash spaced on one side or written with underscores", (raw, artist) => {
    expect(parseTitle(raw, true).artistText).toBe(artist);
    expect(parseTitle("Jay-Z", true).artistText).toBe("");
  });

  it("keeps the other half of 'Artist - Title' as an alternative name, not as a version", () => {
    const title = parseTitle("Daniel Balavoine - L'enfant aux yeux d'Italie");
    expect(title.core).toBe("daniel balavoine");
    expect(title.alt).toBe("lenfant aux yeux ditalie");
    expect(title.versionWords).toEqual([]);
  });

  it.each([
    ["Song - Radio Edit", ["edit_mix:edit", "edit_mix:radio"]],
    ["Song - Live at Wembley", ["live:live", "live:live_at"]],
    ["Song - 2015 Remastered Version", ["remaster:remastered", "year:2015"]],
    ["Song - Orchestral Version", ["acoustic:orchestral"]],
    ["Song - From the Motion Picture", ["soundtrack:from", "soundtrack:motion", "soundtrack:picture"]],
  ])("reads the dash suffix of %j as a version note", (raw, markers) => {
    const title = parseTitle(raw);
    expect(title).toMatchObject({ core: "song", alt: "", markers });
  });

  it.each([
    ["Brad Roberts - The String Change Song", "the string change song"],
    ["Frédéric Chopin - Sonate pour piano n°3", "sonate pour piano ndeg3"],
    ["Song - Complete Piano Music", "complete piano music"],
  ])("keeps a dash suffix with a family word inside its name, %j, as a name", (raw, alt) => {
    const title = parseTitle(raw);
    expect(title).toMatchObject({ alt, markers: [] });
  });

  it("reads '[unknown] - Title' as the title", () => {
    expect(parseTitle("[unknown] - Alecrim").core).toBe("alecrim");
  });

  it("keeps a bracketed album out of the version words", () => {
    const title = parseTitle("Alecrim (Cantigas de roda)");
    expect(title.versionWords).toEqual([]);
    expect(title.extraWords).toEqual(["cantigas", "de", "roda"]);
  });

  it.each([
    ["Song, Pt. II", ["part:2"]],
    ["Song (Part 2)", ["part:2"]],
    ["Symphony No. 5", ["no:5"]],
    ["Greatest Hits Vol. 1", ["volume:1"]],
    ["Song (Reprise)", ["section:reprise"]],
    ["No Surprises", []],
    ["Another Brick in the Wall - Part 2", ["part:2"]],
    ["Cantata, BWV 208: Recitativo", ["bwv:208"]],
    ["Die Entführung aus dem Serail, KV 384: Ouvertüre", ["k:384"]],
    // An album or series after the dash or in brackets: one recording appears on many volumes.
    ["Poland - The Lifted Brow, No. 6", []],
    ["Mind 2 Motion - Bluffers Guide, Volume 6", []],
    ["Sorry Sorry (Hôtel Costes, Volume 2: La Suite)", []],
    ["Symphony No. 3 - The Complete Symphonies, Volume 1", ["no:3"]],
    // Spaces dropped by a source: the numbers still split off the marker words.
    ["014Etude,Op.25No.2inFminor", ["no:2", "op:25"]],
    ["B52s", []],
    // The marker words of other catalogue languages read as their English kind.
    ["Kapitel 1-1: Das Haus der Riddles", ["chapter:1"]],
    ["Der Ring, Teil II", ["part:2"]],
    ["Parte de mi", []],
    // A numbered movement after the work's colon.
    ["Symphony No. 5 in C minor, Op. 67: II. Andante con moto", ["movement:2", "no:5", "op:67"]],
    ["Die sieben Todsünden: 8. Neid", ["movement:8"]],
    ["003SonataforpianoNo.1inFminor,Op2No.1:III.Menuetto:Allegretto", ["movement:3", "no:1", "op:2"]],
    ["Love: A Story", []],
    ["Time: 3:45", []],
  ])("reads the sequence marks of %j as %j", (raw, marks) => {
    expect(parseTitle(raw).sequence).toEqual(marks);
  });
});

describe("trailingSegments", () => {
  it("offers the text after each spaced dash outside brackets, then the last bracketed part", () => {
    expect(trailingSegments("Rocker - Essential Underground, Volume 9")).toEqual([
      { segment: "Essential Underground, Volume 9", rest: "Rocker", dash: true },
    ]);
    expect(trailingSegments("Any Other Way (Live in Concert - Greatest Hits)")).toEqual([
      { segment: "Live in Concert - Greatest Hits", rest: "Any Other Way", dash: false },
    ]);
    expect(trailingSegments("Adagio - attacca - Symphonie Nr. 1")).toEqual([
      { segment: "attacca - Symphonie Nr. 1", rest: "Adagio", dash: true },
      { segment: "Symphonie Nr. 1", rest: "Adagio - attacca", dash: true },
    ]);
  });

  it("keeps the brackets inside the last bracketed part: an album may hold its own", () => {
    expect(trailingSegments("Spook CD3 (Spook (disc 3))")).toEqual([
      { segment: "Spook (disc 3)", rest: "Spook CD3", dash: false },
    ]);
    expect(trailingSegments("Skit [Live (Remastered)] ")).toEqual([
      { segment: "Live (Remastered)", rest: "Skit", dash: false },
    ]);
    expect(trailingSegments("Song (Club Mix) (Album)")).toEqual([
      { segment: "Album", rest: "Song (Club Mix)", dash: false },
    ]);
  });

  it("offers no bracketed part that is unclosed, mismatched or the whole title", () => {
    expect(trailingSegments("Song (disc 3))")).toEqual([]);
    expect(trailingSegments("Song (disc 3]")).toEqual([]);
    expect(trailingSegments("(Intro)")).toEqual([]);
    expect(trailingSegments("Song (disc")).toEqual([]);
  });

  it("offers nothing for a title without one, a leading dash or a featured artist", () => {
    expect(trailingSegments("Yesterday")).toEqual([]);
    expect(trailingSegments("007-Street Hype")).toEqual([]);
    expect(trailingSegments("- Song")).toEqual([]);
    expect(trailingSegments("Song (feat. Tish)")).toEqual([]);
  });
});
