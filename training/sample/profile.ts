/**
 * Prints the SEED-DATA-PROFILE.md figures for a catalog, next to the real ones:
 * `npx tsx training/sample/profile.ts --dir data [--seed 42]`. With `--seed` it regenerates the
 * sample, checks it equals the files and also prints the share of each pair kind and transform.
 */
import { Command } from "commander";
import { pairsCsv } from "../csv.ts";
import { generateSample } from "./catalog.ts";
import { isrcFigures, pairFigures, recordFigures } from "./profile-figures.ts";
import { readSample } from "./read.ts";
import { tallyKinds } from "./tally.ts";

/** The real catalog's figures, by figure name. */
const REAL: Record<string, string> = {
  pairs: "28371",
  valid: "10203 (36.0 %)",
  invalid: "18168 (64.0 %)",
  "distinct ids": "55549",
  "ids on both sides": "635",
  "self pairs": "0",
  "rows repeating a pair": "28",
  "rows repeating a pair reversed": "4",
  "ids appearing 1x": "54404",
  "ids appearing 2x": "1098",
  "ids appearing 3x": "46",
  "ids appearing 4x": "1",
  "largest valid component": "29",
  "invalid pairs inside a valid component": "1",
  sources: "202",
  "  spotify_apidsr": "16958",
  "  youtube_dsr": "6811",
  "  apple": "6059",
  "  crawler_247": "5200",
  "  crawler_believe": "2014",
  "  crawler_new247": "1499",
  "  tedald_spotify": "1423",
  "  crawler_theorchard": "1380",
  "  spotify": "1304",
  "pairs joining two ids of one source": "5402 (19.0 %)",
  "ids embedding an ISRC-like code": "~21 %",
  "ids containing a space": "1",
  records: "55549",
  "ids numbered 1..N": "yes",
};

const opts = new Command()
  .requiredOption("--dir <dir>", "directory holding db.db and groundtruth.csv")
  .option("--seed <n>", "seed the sample was generated with (adds the kind tally)")
  .parse()
  .opts<{ dir: string; seed?: string }>();

const { records, pairs } = await readSample(opts.dir);
const rows = [...pairFigures(pairs), ...recordFigures(records), ...isrcFigures(pairs, records)];
console.log(`| figure | ${opts.dir} | real catalog |\n|---|---:|---:|`);
for (const [k, v] of rows) console.log(`| ${k.replace(/^ {2}/, "&nbsp;&nbsp;")} | ${v} | ${REAL[k] ?? ""} |`);

if (opts.seed !== undefined) {
  const sample = generateSample({ pairs: pairs.length, seed: Number(opts.seed) });
  if (pairsCsv(sample.pairs) !== pairsCsv(pairs)) throw new Error("files differ from the regenerated sample");
  console.log(`\n${tallyKinds(sample)}`);
}
