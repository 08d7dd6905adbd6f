import { describe, expect, it } from "vitest";
import { EXAMPLE_RECORDS } from "./catalog-fixture.ts";
import { BASELINE_FEATURES, extractFeatures, FEATURE_NAMES, type FeatureName } from "./features.ts";
import { prepareRecording, type SoundRecording } from "./recording.ts";

const [beatlesNoIsrc, beatles, elvis] = EXAMPLE_RECORDS.map(prepareRecording) as [
  ReturnType<typeof prepareRecording>,
  ReturnType<typeof prepareRecording>,
  ReturnType<typeof prepareRecording>,
];

function features(a: ReturnType<typeof prepareRecording>, b: ReturnType<typeof prepareRecording>) {
  const values = extractFeatures(a, b);
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, values[i]])) as Record<FeatureName, number>;
}

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
    expect(f.contributors_overlap).toBe(1);
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

  it("flags missing contributors instead of scoring them as a mismatch only", () => {
    expect(features(record({ contributors: "None" }), beatles).contributors_missing).toBe(1);
    expect(features(beatles, elvis).contributors_missing).toBe(0);
  });

  it("sees a remix as another version of the same song", () => {
    const f = features(record({ title: "Song" }), record({ title: "Song (Purple Mix)" }));
    expect(f.title_sim).toBe(1);
    expect(f.version_sim).toBe(0);
    expect(f.title_full_sim).toBeLessThan(1);
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
