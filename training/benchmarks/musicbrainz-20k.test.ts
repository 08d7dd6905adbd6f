import { describe, expect, it } from "vitest";
import {
  albumAndYear,
  durationMs,
  fourDigitYear,
  integerUnits,
  present,
  readMusicBrainz20k,
  truePairs,
  unshift,
} from "./musicbrainz-20k.ts";

describe("MusicBrainz 20K field readers", () => {
  it.each([
    ["04:04", 244_000],
    ["219", 219_000],
    ["321266", 321_266],
    ["1.968", 118_080],
    ["1m 58sec", 118_000],
    ["1:02:03", 3_723_000],
    ["unk.", null],
    ["00:00", null],
    ["", null],
    ["soon", null],
  ])("reads the duration %j as %j ms", (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it("reads a plain integer in the unit its source writes all its lengths in", () => {
    const rows = [
      { SourceID: "5", length: "221000" },
      { SourceID: "5", length: "9000" },
      { SourceID: "5", length: "187400" },
      { SourceID: "2", length: "221" },
      { SourceID: "2", length: "9" },
      { SourceID: "1", length: "03:41" },
    ];
    const units = integerUnits(rows);
    expect(units).toEqual(
      new Map([
        ["5", "milliseconds"],
        ["2", "seconds"],
      ]),
    );
    expect(durationMs("9000", units.get("5"))).toBe(9_000);
    expect(durationMs("9", units.get("2"))).toBe(9_000);
    expect(durationMs("9000")).toBe(9_000_000);
  });

  it.each([
    ["2005", 2005],
    ["05", 2005],
    ["'89", 1989],
    ["75", 1975],
    ["null", null],
    ["2k5", null],
  ])("reads the year %j as %j", (text, year) => {
    expect(fourDigitYear(text)).toBe(year);
  });

  it.each([["[unknown]"], ["null"], ["unk."], ["  "]])("reads %j as missing", (text) => {
    expect(present(text)).toBeNull();
  });

  const row = (values: string[]) =>
    Object.fromEntries(
      ["id", "number", "title", "length", "artist", "album", "year", "language"].map((c, i) => [
        c,
        values[i] ?? "",
      ]),
    );

  it.each([
    ["Hooked (1989)", { album: "Hooked", year: 1989 }],
    ["Cantigas de roda (unknown)", { album: "Cantigas de roda", year: null }],
    [" (2006)", { album: null, year: 2006 }],
    ["Volume 9 (Live)", { album: "Volume 9 (Live)", year: null }],
    ["null", { album: null, year: null }],
  ])("splits the album %j into %j", (text, expected) => {
    expect(albumAndYear(text)).toEqual(expected);
  });

  it("moves a row written one column to the right back in place", () => {
    expect(
      unshift(
        row(["", "MBox3093886-HH", "4", "Jaci Velasquez - Llegar a ti", "275", "", "Billboard 2000", ""]),
      ),
    ).toEqual(
      row(["MBox3093886-HH", "4", "Jaci Velasquez - Llegar a ti", "275", "", "Billboard 2000", "", ""]),
    );
  });

  it.each([
    ["a row with its id", ["WoM1", "011", "Growin' Up", "05:00", "T-Bone", "", "", ""]],
    [
      "a row without id whose number is a track number",
      ["", "0A3", "Piranhes", "5m 12sec", "Rattler", "", "", ""],
    ],
  ])("leaves %s as it is", (_, values) => {
    expect(unshift(row(values))).toEqual(row(values));
  });

  it("says where the data should be when the file is missing", () => {
    expect(() => readMusicBrainz20k("/nowhere/mb.csv")).toThrow(/read in place from \.\.\/shared/);
  });

  it("lists every pair inside a cluster once", () => {
    const r = (sr_id: string, cluster: string) => ({
      sr_id,
      cluster,
      source: "1",
      title: null,
      artists: null,
      isrcs: null,
      contributors: null,
      language: null,
    });
    expect([...truePairs([r("10", "a"), r("2", "a"), r("3", "a"), r("4", "b")])]).toEqual([
      "2|3",
      "2|10",
      "3|10",
    ]);
  });
});
