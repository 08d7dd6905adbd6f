/**
 * `npm run bench:dedupe [-- --sizes 100000,300000,1000000 | --scale-dbs a.db,b.db] [--scale-dir DIR]
 * [--threads N]`: the dedupe job on MusicBrainz 20K beside the naive TF-IDF baselines measured in
 * the same run, on the shipped sample, and end to end at several catalog sizes beside the
 * single-thread run of the smallest (the baseline) and the blocking rules alone on the largest;
 * writes reports/dedupe.md and its charts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { Catalog } from "../../lambda/catalog.ts";
import { parseModel } from "../../lambda/model.ts";
import { positiveInteger } from "../cli-args.ts";
import { readPairs } from "../csv.ts";
import { DEFAULT_SEARCH, type NeighbourSearch } from "../dedupe/candidate-stage.ts";
import { runDedupe } from "../dedupe/pipeline.ts";
import { evaluateOnPairs, sizeHistogram } from "../dedupe/summary.ts";
import { intendedLabels, readMatchingNoise } from "../sample/noise-file.ts";
import { clusterHalf, fitOnClusters, naiveRow, oursRow } from "./dedupe-musicbrainz.ts";
import { writeDedupeReport } from "./dedupe-report.ts";
import { type ScaleRow, scaleCatalog, scaleRun, scaleTableRow } from "./dedupe-scale.ts";
import { readMusicBrainz20k } from "./musicbrainz-20k.ts";
import { musicBrainzClusterParts } from "./quality/musicbrainz.ts";

const opts = new Command()
  .option(
    "--sizes <list>",
    "catalog sizes for the speed table, comma-separated (empty: none)",
    "100000,300000,1000000",
  )
  .option(
    "--scale-dbs <list>",
    "catalog files for the speed table instead of generated sizes, comma-separated",
  )
  .option(
    "--threads <n>",
    "worker threads of the speed runs (the baseline runs with 0)",
    positiveInteger,
    availableParallelism(),
  )
  .option(
    "--scale-dir <dir>",
    "where generated catalogs and runs are kept",
    join(tmpdir(), "sr-match-dedupe-scale"),
  )
  .option("--speed-only", "only the speed table (no MusicBrainz 20K or sample quality runs)", false)
  .parse()
  .opts<{ sizes: string; scaleDbs?: string; threads: number; scaleDir: string; speedOnly: boolean }>();

const scale: ScaleRow[] = [];
/** The speed table's runs, each followed by `after` (the report rewritten, so partial runs last). */
async function speedRows(after: () => Promise<void>): Promise<void> {
  const dbs = opts.scaleDbs
    ? opts.scaleDbs.split(",").filter(Boolean)
    : opts.sizes
        .split(",")
        .filter(Boolean)
        .map((size) => scaleCatalog(opts.scaleDir, Number(size)));
  // The first catalog (give the smallest first) with every stage in one thread: the baseline; the
  // last one again with the blocking rules alone (k = 0), the configuration Splink's headline runs,
  // and with the HNSW search of the embedder's vectors instead of MinHash.
  const speedRuns: { db: string; threads: number; k: number; search?: NeighbourSearch }[] = dbs.length
    ? [{ db: dbs[0] as string, threads: 0, k: 10 }]
    : [];
  for (const db of dbs) speedRuns.push({ db, threads: opts.threads, k: 10 });
  const largest = dbs.at(-1);
  if (largest) speedRuns.push({ db: largest, threads: opts.threads, k: 0 });
  if (largest) speedRuns.push({ db: largest, threads: opts.threads, k: 10, search: "hnsw" });
  for (const { db, threads, k, search } of speedRuns) {
    console.log(
      `Speed: ${db} end to end, ${threads} worker threads, k = ${k}, ${search ?? DEFAULT_SEARCH} ...`,
    );
    scale.push(await scaleRun(opts.scaleDir, db, threads, k, search));
    console.table(scale.map(scaleTableRow));
    await after();
  }
}
if (opts.speedOnly) {
  await speedRows(async () =>
    writeFileSync("reports/dedupe-speed.json", `${JSON.stringify(scale, null, 2)}\n`),
  );
  console.log("wrote reports/dedupe-speed.json");
  process.exit(0);
}

const f = (x: number) => x.toFixed(4);
const shipped = parseModel(readFileSync("data/model.json", "utf8"));

console.log("MusicBrainz 20K (../shared/datasets/musicbrainz-20k) ...");
const mb = readMusicBrainz20k();
const evalHalf = clusterHalf(mb, 1);
/** A row of a part of MusicBrainz 20K, its method named with the part. */
const onPart = <R extends { method: string }>(part: string, row: R): R => ({
  ...row,
  method: `${row.method} [${part}]`,
});
const ODD_HALF = "odd-CID half";
// The shipped model's weights for the optional columns come from data/musicbrainz-model.json (its
// prior), fitted on MusicBrainz 20K's train clusters: only its test clusters are unseen by them.
const unseen = musicBrainzClusterParts(mb);
const testClusters = mb.filter((r) => unseen.get(r.cluster) === "test");
const UNSEEN = "test clusters of npm run train:musicbrainz";
const mbRows = [
  naiveRow(mb),
  oursRow("ours, blocking rules only (k = 0), shipped model", mb, shipped, { k: 0 }),
  oursRow("ours, shipped model (trained on the sample), MinHash neighbours", mb, shipped),
  oursRow("ours, shipped model, HNSW neighbours (the embedder's vectors)", mb, shipped, { search: "hnsw" }),
  onPart(UNSEEN, naiveRow(testClusters)),
  onPart(UNSEEN, oursRow("ours, shipped model, MinHash neighbours", testClusters, shipped)),
  onPart(ODD_HALF, naiveRow(evalHalf)),
  onPart(
    ODD_HALF,
    oursRow(
      "ours, model fitted on the even-CID clusters (80/20 split by cluster)",
      evalHalf,
      fitOnClusters(clusterHalf(mb, 0), shipped),
    ),
  ),
];
console.table(
  mbRows.map((r) => ({
    method: r.method,
    records: r.records,
    "cand/rec": r.candidatesPerRecord.toFixed(2),
    "pairs compl.": f(r.pairsCompleteness),
    "pw P": f(r.pairwise.precision),
    "pw R": f(r.pairwise.recall),
    "pw F1": f(r.pairwise.f1),
    "B3 F1": f(r.bcubed.f1),
    s: r.seconds.toFixed(1),
  })),
);

console.log("Shipped sample (data/db.db, data/groundtruth.csv) ...");
const catalog = await Catalog.open(readFileSync("data/db.db"));
const records = [...catalog.all()];
catalog.close();
const labelled = readPairs("data/groundtruth.csv");
// The generator's flipped labels put back: pairs completeness and false merges without label noise.
const noise = readMatchingNoise(undefined, "data/groundtruth.csv", labelled, (m) => console.log(m));
const intended = noise ? intendedLabels(labelled, noise) : undefined;
const sampleRuns = [
  { method: "blocking rules only (k = 0)", result: runDedupe(records, shipped, { k: 0 }) },
  { method: "blocking rules + MinHash neighbours (k = 10)", result: runDedupe(records, shipped, { k: 10 }) },
  {
    method: "blocking rules + HNSW neighbours (k = 10)",
    result: runDedupe(records, shipped, { k: 10, search: "hnsw" }),
  },
];
const sampleRows = sampleRuns.map(({ method, result }) => ({
  method,
  result,
  evaluation: evaluateOnPairs(result, labelled),
  ...(intended && { intended: evaluateOnPairs(result, intended) }),
}));
console.table(
  sampleRows.map(({ method, result, evaluation: e, intended: i }) => ({
    method,
    "cand/rec": (result.candidates.size / records.length).toFixed(2),
    "pairs compl.": f(e.pairsCompleteness),
    "pairs compl., flipped labels put back": i ? f(i.pairsCompleteness) : "-",
    "cluster P (labelled)": f(e.clusterPairwise.precision),
    "cluster R (labelled)": f(e.clusterPairwise.recall),
    "false merges": `${e.clusterPairwise.falseMerges}/${e.invalidPairs}`,
    "false merges, put back": i ? `${i.clusterPairwise.falseMerges}/${i.invalidPairs}` : "-",
  })),
);
const main = sampleRows[1] as (typeof sampleRows)[number];
console.table(main.evaluation.blocking);

/** Rewrites the report after each part, so a long speed run leaves what is done on disk. */
const report = async () => {
  await writeDedupeReport({
    mbRows,
    sampleRows: sampleRows.map(({ method, result, evaluation, intended }) => ({
      method,
      candidatesPerRecord: result.candidates.size / records.length,
      evaluation,
      ...(intended && { intended }),
    })),
    blocking: main.evaluation.blocking,
    histogram: sizeHistogram(main.result.clustering.clusterOf),
    result: main.result,
    scale,
  });
  writeFileSync(
    "reports/dedupe.json",
    `${JSON.stringify(
      {
        mbRows: mbRows.map((r) => ({ ...r, result: undefined })),
        sample: sampleRows.map(({ method, evaluation, intended }) => ({ method, evaluation, intended })),
        scale,
      },
      null,
      2,
    )}\n`,
  );
};
await report();
await speedRows(report);
console.log("wrote reports/dedupe.md, reports/dedupe.json, reports/charts/dedupe-*.svg");
