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
import { writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Command } from "commander";
import { prepareRecording } from "../../lambda/recording.ts";
import { pairsCsv } from "../csv.ts";
import type { LabelledPair, SampleRecord } from "../sample/types.ts";
import { catalogDb } from "../sample/write.ts";
import { type MusicBrainzRecord, readMusicBrainz20k } from "./musicbrainz-20k.ts";
import { candidatePairs } from "./quality/musicbrainz.ts";

const { out } = new Command("musicbrainz-export")
  .requiredOption("--out <dir>", "directory for db.db and groundtruth.csv (outside the project)")
  .parse()
  .opts<{ out: string }>();

const records = readMusicBrainz20k();
const byId = new Map(records.map((r) => [r.sr_id, r]));
const pairs: LabelledPair[] = [];
const catalog = new Map<string, SampleRecord>();
for (const key of candidatePairs(
  records,
  records.map((r) => prepareRecording(r)),
)) {
  const [q, m] = key.split("|").map((id) => byId.get(id as string)) as [MusicBrainzRecord, MusicBrainzRecord];
  pairs.push({
    q: `mb__${q.sr_id}`,
    m: `mb__${m.sr_id}`,
    tag: q.cluster === m.cluster ? "valid" : "invalid",
  });
  for (const r of [q, m]) {
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
  }
}
await mkdir(out, { recursive: true });
writeFileSync(join(out, "db.db"), await catalogDb([...catalog.values()]));
writeFileSync(join(out, "groundtruth.csv"), pairsCsv(pairs), "utf8");
const valid = pairs.filter((p) => p.tag === "valid").length;
console.log(`wrote ${out}: ${catalog.size} records, ${pairs.length} candidate pairs (${valid} valid)`);
