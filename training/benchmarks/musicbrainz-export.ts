/**
 * MusicBrainz 20K (real songs; ../shared/datasets/musicbrainz-20k) written as a catalog in the users'
 * format, to try the path a user takes on a catalog of their own:
 *
 *   npx tsx training/benchmarks/musicbrainz-export.ts --out /tmp/mb
 *   npm run train -- --db /tmp/mb/db.db --groundtruth /tmp/mb/groundtruth.csv --out /tmp/mb/model.json --split-dir /tmp/mb/split
 *   npm run classify -- --db /tmp/mb/db.db --model /tmp/mb/model.json --pairs /tmp/mb/split/test.csv --out /tmp/mb/scored.csv
 *
 * `db.db` holds the four fields only (title and artists; MusicBrainz has no ISRCs or credits, and
 * its album, length and year are left out as the users' catalog has none), sr_ids `mb__<TID>`, the
 * records that appear in a pair. `groundtruth.csv` holds the candidate pairs of `npm run
 * bench:quality` (each record's nearest records of other sources), labelled valid when both records
 * are of one ground-truth cluster. Third-party data: write it outside the project.
 */
import { Command } from "commander";
import { prepareRecording } from "../../lambda/recording.ts";
import type { LabelledPair, SampleRecord } from "../sample/types.ts";
import { writeSample } from "../sample/write.ts";
import { type MusicBrainzRecord, readMusicBrainz20k } from "./musicbrainz-20k.ts";
import { candidatePairs } from "./quality/musicbrainz.ts";

const { out } = new Command("musicbrainz-export")
  .requiredOption("--out <dir>", "directory for db.db and groundtruth.csv (outside the project)")
  .parse()
  .opts<{ out: string }>();

const records = readMusicBrainz20k();
const byId = new Map(records.map((r) => [r.sr_id, r]));
const pairs: LabelledPair[] = [];
/** The catalog's records by sr_id, in the order the pairs first name them. */
const catalog = new Map<string, SampleRecord>();
const srIdOf = (r: MusicBrainzRecord): string => {
  const srId = `mb__${r.sr_id}`;
  if (!catalog.has(srId)) {
    catalog.set(srId, {
      id: catalog.size + 1,
      sr_id: srId,
      title: r.title ?? "",
      artists: r.artists ?? "",
      isrcs: "",
      contributors: "",
    });
  }
  return srId;
};
for (const key of candidatePairs(
  records,
  records.map((r) => prepareRecording(r)),
)) {
  const [q, m] = key.split("|").map((id) => byId.get(id as string)) as [MusicBrainzRecord, MusicBrainzRecord];
  pairs.push({ q: srIdOf(q), m: srIdOf(m), tag: q.cluster === m.cluster ? "valid" : "invalid" });
}
await writeSample(out, { records: [...catalog.values()], pairs });
const valid = pairs.filter((p) => p.tag === "valid").length;
console.log(`wrote ${out}: ${catalog.size} records, ${pairs.length} candidate pairs (${valid} valid)`);
