import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FEATURE_NAMES } from "../../../lambda/features.ts";
import { loadPriorModel, SAMPLE_MODEL } from "../../prior.ts";
import { musicBrainzFingerprint } from "../musicbrainz-20k.ts";
import { musicBrainzRows, musicBrainzSplit } from "./musicbrainz.ts";

const WORDS = ["love", "night", "river", "golden", "summer", "heart", "road", "fire"];

/**
 * A MusicBrainz 20K-format CSV: 80 songs, each written by source 1 and, re-spelled, by source 2
 * (one cluster per song), so candidate pairs hold duplicates and same-word others.
 */
function fixtureCsv(): string {
  const lines = ["TID,CID,CTID,SourceID,id,number,title,length,artist,album,year,language"];
  for (let k = 0; k < 80; k++) {
    const title = `${WORDS[k % 8]} ${WORDS[(k * 3 + 1) % 8]} ${k}`;
    const artist = `Band ${WORDS[(k * 5) % 8]} ${Math.floor(k / 8)}`;
    const seconds = 150 + 7 * k;
    lines.push(`${2 * k + 1},${k + 1},1,1,a${k},1,${title},${seconds},${artist},Album ${k},2001,Eng.`);
    lines.push(
      `${2 * k + 2},${k + 1},2,2,b${k},1,${title.toUpperCase()},${seconds + 1},${artist.toLowerCase()},album ${k},2001,Eng.`,
    );
  }
  const path = join(mkdtempSync(join(tmpdir(), "mb-rows-")), "musicbrainz_20k.csv");
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

describe("musicBrainzRows", () => {
  const csv = fixtureCsv();
  const sample = loadPriorModel(SAMPLE_MODEL);

  it("adds a row fitted with a prior from elsewhere, named after it", () => {
    const systems = musicBrainzRows(csv, sample).rows.map((r) => r.system);
    expect(systems).toHaveLength(4);
    expect(systems[3]).toMatch(/, prior: data\/model\.json$/);
  });

  it("adds none for a prior fitted on this very CSV", () => {
    const model = sample?.model as NonNullable<typeof sample>["model"];
    const own = {
      model: { ...model, training: { ...model.training, fingerprint: musicBrainzFingerprint(csv) } },
      name: "prior: fitted here",
    };
    expect(musicBrainzRows(csv, own).rows.map((r) => r.system)).toHaveLength(3);
  });
});

describe("musicBrainzSplit", () => {
  const at = (name: string) => FEATURE_NAMES.indexOf(name as (typeof FEATURE_NAMES)[number]);

  it("reads the same pairs without album, length and year for the title + artist split", () => {
    const { split, titleArtistSplit } = musicBrainzSplit(fixtureCsv());
    for (const part of ["train", "validation", "test"] as const) {
      expect(titleArtistSplit[part].map((e) => e.pair)).toEqual(split[part].map((e) => e.pair));
      for (const e of titleArtistSplit[part])
        for (const missing of ["album_missing", "duration_missing", "year_missing"])
          expect(e.features[at(missing)]).toBe(1);
    }
    // The fixture's records carry all three columns, so the full split reads them.
    expect(split.train.some((e) => e.features[at("duration_missing")] === 0)).toBe(true);
  });
});
