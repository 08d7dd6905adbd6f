import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPriorModel, SAMPLE_MODEL } from "../../prior.ts";
import { musicBrainzFingerprint } from "../musicbrainz-20k.ts";
import { musicBrainzRows } from "./musicbrainz.ts";

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
    expect(systems).toHaveLength(3);
    expect(systems[2]).toMatch(/, prior: data\/model\.json$/);
  });

  it("adds none for a prior fitted on this very CSV", () => {
    const model = sample?.model as NonNullable<typeof sample>["model"];
    const own = {
      model: { ...model, training: { ...model.training, fingerprint: musicBrainzFingerprint(csv) } },
      name: "prior: fitted here",
    };
    expect(musicBrainzRows(csv, own).rows.map((r) => r.system)).toHaveLength(2);
  });
});
