import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EXAMPLE_RECORDS } from "./catalog-fixture.ts";
import { decodeRecording, encodeRecording } from "./dynamo-codec.ts";
import { extractFeatures, FEATURE_VERSION } from "./features.ts";
import { PREPARED_FORM_VERSION, prepareRecording, type SoundRecording } from "./recording.ts";

const field = fc.option(
  fc.oneof(
    fc.string(),
    fc.constantFrom("None", "", "Beatles The", "Song (Live) feat. X", "GBAYE6500521, USRC16908444", "A|B, C"),
  ),
  { nil: null },
);
const recording = fc.record({
  sr_id: fc.string({ minLength: 1 }),
  title: field,
  artists: field,
  isrcs: field,
  contributors: field,
});

/** A round trip through the item as DynamoDB stores it (JSON of the attribute map). */
const roundTrip = (raw: SoundRecording) =>
  decodeRecording(JSON.parse(JSON.stringify(encodeRecording(prepareRecording(raw)))));

describe("the DynamoDB item codec", () => {
  it("gives back a prepared recording whose features equal the original's, for any records", () => {
    fc.assert(
      fc.property(recording, recording, (a, b) => {
        expect(extractFeatures(roundTrip(a), roundTrip(b))).toEqual(
          extractFeatures(prepareRecording(a), prepareRecording(b)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("keeps the raw fields, missing ones as null", () => {
    const raw = { ...(EXAMPLE_RECORDS[0] as SoundRecording), contributors: null };
    expect(roundTrip(raw).raw).toEqual(raw);
    expect(roundTrip(raw)).toEqual(prepareRecording(raw));
  });

  it("keeps the optional columns a recording has, and adds none it lacks", () => {
    const raw: SoundRecording = {
      ...(EXAMPLE_RECORDS[0] as SoundRecording),
      album: "Help!",
      duration_ms: 125_000,
      year: null,
      title_latin: "Yesterday",
      artists_latin: null,
    };
    expect(roundTrip(raw).raw).toEqual(raw);
    const { album: _, ...withoutAlbum } = raw;
    expect(roundTrip(withoutAlbum).raw).toEqual(withoutAlbum);
  });

  it("prepares a stale item again from every column, optional ones included", () => {
    const withColumns = (raw: SoundRecording): SoundRecording => ({
      ...raw,
      album: "Live at the BBC",
      duration_ms: 201_000,
      year: 1965,
    });
    const [a, b] = [EXAMPLE_RECORDS[0], EXAMPLE_RECORDS[1]].map((r) => withColumns(r as SoundRecording));
    const stale = (raw: SoundRecording) =>
      decodeRecording({ ...encodeRecording(prepareRecording(raw)), v: { N: String(FEATURE_VERSION + 1) } });
    expect(extractFeatures(stale(a as SoundRecording), stale(b as SoundRecording))).toEqual(
      extractFeatures(prepareRecording(a as SoundRecording), prepareRecording(b as SoundRecording)),
    );
  });

  it("prepares again from the raw fields an item stored under another feature version", () => {
    const raw = EXAMPLE_RECORDS[1] as SoundRecording;
    const item = encodeRecording(prepareRecording(raw));
    const stale = {
      ...item,
      v: { N: String(FEATURE_VERSION + 1) },
      prepared: { S: '{"titleCore":"wrong"}' },
    };
    expect(decodeRecording(stale)).toEqual(prepareRecording(raw));
  });

  it("prepares again an item whose prepared form has older fields, or no form version", () => {
    const raw = EXAMPLE_RECORDS[0] as SoundRecording;
    const item = encodeRecording(prepareRecording(raw));
    const older = {
      ...item,
      form: { N: String(PREPARED_FORM_VERSION - 1) },
      prepared: { S: '{"titleCore":"x"}' },
    };
    expect(decodeRecording(older)).toEqual(prepareRecording(raw));
    const { form: _, ...unversioned } = older;
    expect(decodeRecording(unversioned)).toEqual(prepareRecording(raw));
  });

  it("refuses an item without an sr_id", () => {
    expect(() => decodeRecording({ title: { S: "x" } })).toThrow(TypeError);
  });
});
