import { describe, expect, it } from "vitest";
import { loadModelFile } from "../model-file.ts";
import { MUSICBRAINZ_MODEL } from "../prior.ts";
import { musicBrainzFingerprint, readMusicBrainz20k, truePairs } from "./musicbrainz-20k.ts";

describe("MusicBrainz 20K, read in place from ../shared", () => {
  it("holds the README's figures: 19,375 records, 10,000 clusters, 16,250 true pairs, 5 sources", () => {
    const records = readMusicBrainz20k();
    expect(records).toHaveLength(19_375);
    expect(new Set(records.map((r) => r.cluster)).size).toBe(10_000);
    expect(truePairs(records).size).toBe(16_250);
    expect(new Set(records.map((r) => r.source))).toEqual(new Set(["1", "2", "3", "4", "5"]));
  });

  it("maps most lengths and years of the five formats", () => {
    const records = readMusicBrainz20k();
    const withDuration = records.filter((r) => r.duration_ms !== null).length;
    const withYear = records.filter((r) => r.year !== null).length;
    expect(withDuration / records.length).toBeGreaterThan(0.6);
    expect(withYear / records.length).toBeGreaterThan(0.4);
    expect(records.every((r) => (r.duration_ms ?? 1) > 0)).toBe(true);
  });

  it("is the CSV the shipped prior data/musicbrainz-model.json was fitted on (npm run train:musicbrainz)", () => {
    expect(loadModelFile(MUSICBRAINZ_MODEL).training.fingerprint).toBe(musicBrainzFingerprint());
  });
});
