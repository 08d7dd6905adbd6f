import { describe, expect, it } from "vitest";
import { detokenize, parseLine, parseRecord } from "./parse.ts";
import { releaseYear, seconds, toSoundRecording } from "./records.ts";

const LEFT =
  "COL Song_Name VAL Elevator ( feat . Timbaland ) COL Artist_Name VAL Flo Rida COL Album_Name VAL Mail On Sunday ( Deluxe Version ) COL Time VAL 3:55 ";
const RIGHT =
  "COL Song_Name VAL Elevator [ feat . Timbaland ] [ Explicit ] COL Artist_Name VAL Flo Rida COL Album_Name VAL Mail On Sunday [ Explicit ] COL Time VAL 3:57 ";

describe("iTunes-Amazon parsing", () => {
  it("reads every COL/VAL attribute of a record, values detokenised", () => {
    expect(parseRecord(LEFT)).toEqual({
      Song_Name: "Elevator (feat. Timbaland)",
      Artist_Name: "Flo Rida",
      Album_Name: "Mail On Sunday (Deluxe Version)",
      Time: "3:55",
    });
  });

  it.each([
    ["I 'm a Machine", "I'm a Machine"],
    ["Nothing , But [ Explicit ]", "Nothing, But [Explicit]"],
    ["", ""],
  ])("detokenizes %j as %j", (input, expected) => {
    expect(detokenize(input)).toBe(expected);
  });

  it("reads a tab-separated labelled line", () => {
    const pair = parseLine(`${LEFT}\t${RIGHT}\t1`);
    expect(pair.label).toBe(1);
    expect(pair.right.Song_Name).toBe("Elevator [feat. Timbaland] [Explicit]");
  });

  it("refuses a line without a 0/1 label", () => {
    expect(() => parseLine(`${LEFT}\t${RIGHT}`, "test.txt:3")).toThrow(/test.txt:3/);
  });

  it("maps song name and artist into the service's model, with no ISRC or contributors", () => {
    expect(toSoundRecording(parseRecord(LEFT), "x")).toEqual({
      sr_id: "x",
      title: "Elevator (feat. Timbaland)",
      artists: "Flo Rida",
      isrcs: null,
      contributors: null,
    });
  });

  it("maps album, time and release date into the optional columns on request", () => {
    expect(seconds("3:55")).toBe(235);
    expect(seconds("n/a")).toBeUndefined();
    expect(toSoundRecording(parseRecord(LEFT), "x", true)).toMatchObject({
      album: "Mail On Sunday (Deluxe Version)",
      duration_ms: 235_000,
    });
  });

  it.each([
    ["18-May-15", 2015],
    ["May 18, 2015", 2015],
    ["", null],
  ])("reads the year of the release date %j as %j", (date, year) => {
    expect(releaseYear(date)).toBe(year);
  });
});
