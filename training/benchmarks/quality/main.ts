import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Command } from "commander";
import { ensurePeer } from "../../../bench/peer.ts";
import { FEATURE_NAMES, FEATURE_VERSION } from "../../../lambda/features.ts";
import { elapsedLog } from "../../elapsed-log.ts";
import { priorModelOptions, priorModelOrExit } from "../../prior.ts";
import { type DatasetOptions, datasetOptions, itunesRoot, musicBrainzCsv } from "./datasets.ts";
import { itunesRows } from "./itunes.ts";
import { musicBrainzRows } from "./musicbrainz.ts";
import type { QualityRow } from "./row.ts";
import { sampleRows } from "./sample.ts";
import { qualityMarkdown, qualityTable } from "./table.ts";

const options = priorModelOptions(
  datasetOptions(
    new Command("bench:quality").description(
      "One table of test quality on our sample, iTunes-Amazon Structured and Dirty, MusicBrainz 20K and the peer",
    ),
  ),
)
  .option("--json <file>", "where to write the figures", "reports/quality.json")
  .option("--skip-peer", "without the Python peer")
  .parse()
  .opts<DatasetOptions & { json: string; skipPeer?: boolean; priorModel: string | false }>();

const prior = priorModelOrExit(options.priorModel, "bench:quality");

const log = elapsedLog();
const rows: QualityRow[] = [];
log("our sample (and the peer on its split)");
let peerDir: string | undefined;
if (!options.skipPeer) {
  log(`peer: ${await ensurePeer()}`);
  peerDir = mkdtempSync(join(tmpdir(), "sr-match-quality-"));
}
rows.push(...(await sampleRows(options.db, options.groundtruth, peerDir)));
for (const variant of ["Structured", "Dirty"] as const) {
  log(`iTunes-Amazon ${variant}`);
  rows.push(...itunesRows(itunesRoot(options.shared), variant, prior));
}
log("MusicBrainz 20K");
const mb = musicBrainzRows(musicBrainzCsv(options.shared), prior);
rows.push(...mb.rows, {
  dataset: "MusicBrainz 20K",
  system: "reference: TF-IDF cosine >= 0.7 + connected components (dataset README)",
  n: 0,
  precision: 0.966,
  recall: 0.965,
  f1: 0.965,
  note: "clustering of all records, not our candidate pairs: method and denominators differ",
});
log("done");

const notes = [
  `MusicBrainz 20K candidate set: ${mb.candidates} pairs, pairs completeness ${mb.completeness.toFixed(3)}; ` +
    "F1 intervals: bootstrap 95 % over test pairs (1,000 resamples, seed 8).",
];
console.log(qualityTable(rows));
console.log(`\n${notes.join("\n")}`);
const generatedAt = new Date().toISOString();
mkdirSync(dirname(options.json), { recursive: true });
writeFileSync(
  options.json,
  `${JSON.stringify(
    {
      generatedAt,
      featureVersion: FEATURE_VERSION,
      features: FEATURE_NAMES,
      musicBrainz: { candidates: mb.candidates, pairsCompleteness: mb.completeness },
      rows,
    },
    null,
    2,
  )}\n`,
);
const page = `${options.json.replace(/\.json$/, "")}.md`;
writeFileSync(
  page,
  qualityMarkdown(rows, {
    generatedAt,
    featureVersion: FEATURE_VERSION,
    command: `npm run bench:quality -- ${process.argv.slice(2).join(" ")}`.trim().replace(/ --$/, ""),
    notes,
  }),
);
console.log(`wrote ${options.json} and ${page}`);
