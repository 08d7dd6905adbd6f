/**
 * Fits the pair classifier on MusicBrainz 20K's training clusters (threshold and prior strength on
 * its validation clusters, test clusters scored once) and writes the model: the default prior of the
 * iTunes-Amazon benches, and a starting point for `npm run train -- --prior-model` on a catalog with
 * a few hundred labels. A real catalog that no iTunes-Amazon pair and none of our sample reaches.
 *
 *   npm run train:musicbrainz [-- --csv ../shared/datasets/musicbrainz-20k/musicbrainz_20k.csv --out F]
 */
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import { exitOnInputError } from "../cli-exit.ts";
import { elapsedLog } from "../elapsed-log.ts";
import { runTraining, toModel } from "../pipeline.ts";
import { MUSICBRAINZ_MODEL } from "../prior.ts";
import { trainingSummary } from "../report-table.ts";
import { MUSICBRAINZ_20K_CSV, musicBrainzFingerprint } from "./musicbrainz-20k.ts";
import { musicBrainzSplit } from "./quality/musicbrainz.ts";

const options = new Command("train:musicbrainz")
  .description("Fit the pair classifier on MusicBrainz 20K's training clusters and write the model")
  .option("--csv <path>", "MusicBrainz 20K's CSV, read in place", MUSICBRAINZ_20K_CSV)
  .option("--out <path>", "where to write the model", MUSICBRAINZ_MODEL)
  .parse()
  .opts<{ csv: string; out: string }>();

const log = elapsedLog("train:musicbrainz: ");
log(`candidate pairs of ${options.csv}, split by cluster`);
const { split, missedTestPairs } = (() => {
  try {
    return musicBrainzSplit(options.csv);
  } catch (error) {
    return exitOnInputError("train:musicbrainz")(error);
  }
})();
log(`fitting on ${split.train.length} pairs, threshold on ${split.validation.length}`);
const run = runTraining([], undefined, split);
const model = toModel(run, musicBrainzFingerprint(options.csv));
writeFileSync(options.out, `${JSON.stringify(model, null, 2)}\n`);
log(`wrote ${options.out}`);
console.log(
  trainingSummary(
    { train: split.train.length, validation: split.validation.length, test: split.test.length },
    model.threshold,
    { final: run.final.test, baseline: run.baseline.test, alwaysInvalid: run.alwaysInvalid },
  ),
);
console.log(
  `test figures over candidate pairs only: ${missedTestPairs} true test pairs the candidate set missed are not counted (bench:quality counts them)`,
);
