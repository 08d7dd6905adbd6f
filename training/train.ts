import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { probability } from "../lambda/model.ts";
import { compareModels } from "./champion.ts";
import { trainingInputOptions } from "./cli-args.ts";
import { exitOnInputError } from "./cli-exit.ts";
import { writePairs } from "./csv.ts";
import { type Example, featurize, loadDataset, splitKey } from "./dataset.ts";
import { loadModelFile } from "./model-file.ts";
import { writeFileWhole } from "./output-file.ts";
import { runTraining, toModel } from "./pipeline.ts";
import { priorModelOrExit } from "./prior.ts";
import { progressBar } from "./progress.ts";
import { metricsTable, trainingSummary } from "./report-table.ts";
import { frozenSplit } from "./review/frozen-split.ts";
import { mergeReviews } from "./review/merge-reviews.ts";
import { bandOutcome } from "./review/review-band.ts";
import { reviewedLabels } from "./review/review-store.ts";
import { checkTrainOutputs, labelDoubts, missingParts } from "./train-guards.ts";

const options = trainingInputOptions(
  new Command("train").description(
    "Fit the pair classifier on labelled pairs and write model.json if it does not lose to the current one",
  ),
)
  .option(
    "--reviews <path>",
    "reviews file of npm run review: reviewed labels override and extend the groundtruth",
  )
  .option(
    "--out <path>",
    "where to write the model; the model already there is the champion",
    "data/model.json",
  )
  .option(
    "--force",
    "write the new model even if it is worse than the champion beyond the bootstrap interval",
  )
  .option("--split-dir <dir>", "also write train.csv, validation.csv and test.csv of the group-aware split")
  .parse()
  .opts<{
    db: string;
    groundtruth: string;
    reviews?: string;
    out: string;
    force?: boolean;
    splitDir?: string;
    priorModel: string | false;
  }>();

const source = priorModelOrExit(options.priorModel, "train")?.model;

const features = progressBar("features");
const dataset = await (async () => {
  checkTrainOutputs(options);
  return loadDataset(options.db, options.groundtruth, features.update);
})().catch(exitOnInputError("train"));
features.stop();
if (dataset.unknown.length > 0)
  console.warn(`skipped ${dataset.unknown.length} pairs naming ids not in ${options.db}`);
const doubts = labelDoubts(dataset.examples.map((e) => e.pair));
if (doubts.length > 0) console.warn(`kept as given: ${doubts.join("; ")}`);

let base = dataset.examples;
let added: Example[] = [];
let fingerprint = dataset.fingerprint;
if (options.reviews) {
  const reviewed = await (async () => reviewedLabels(options.reviews as string))().catch(
    exitOnInputError("train"),
  );
  const merged = mergeReviews(
    base.map((e) => e.pair),
    reviewed,
  );
  base = base.map((e, i) => ({
    ...e,
    pair: merged.base[i] ?? e.pair,
    label: merged.base[i]?.tag === "valid" ? 1 : 0,
  }));
  const fresh = featurize(dataset.catalog, merged.added);
  added = fresh.examples;
  fingerprint = createHash("sha256").update(fingerprint).update(readFileSync(options.reviews)).digest("hex");
  console.log(
    `reviews ${options.reviews}: ${merged.reviewed} groundtruth pairs reviewed (${merged.changed} labels changed), ` +
      `${added.length} new pairs added` +
      (fresh.unknown.length > 0 ? `, ${fresh.unknown.length} naming unknown ids skipped` : ""),
  );
}
const split = frozenSplit(base.map(splitKey), added.map(splitKey));
if (split.dropped.length > 0) {
  console.warn(
    `left out ${split.dropped.length} pairs that would join recordings of two split parts ` +
      "(reviewed pairs, and invalid pairs of a component too large to place whole: see WHOLE_COMPONENT_LIMIT)",
  );
}

const empty = missingParts(split);
if (empty.length > 0) {
  console.error(
    `train: too few labelled pairs to fit, choose a threshold and test: ${empty.join("; ")} ` +
      `(train ${split.train.length}, validation ${split.validation.length}, test ${split.test.length} pairs); ${options.out} is left as it was`,
  );
  process.exit(1);
}

const run = runTraining(
  [...base, ...added],
  (steps, loss) => console.error(`fit: ${steps} steps, log-loss ${loss.toFixed(6)}`),
  split,
  source,
);
const model = toModel(run, fingerprint);
if (!Number.isFinite(model.threshold)) {
  console.error(`train: no threshold could be chosen on validation; ${options.out} is left as it was`);
  process.exit(1);
}

if (options.splitDir) {
  mkdirSync(options.splitDir, { recursive: true });
  for (const part of ["train", "validation", "test"] as const) {
    writePairs(
      join(options.splitDir, `${part}.csv`),
      run.split[part].map((e) => e.pair),
    );
  }
}

console.log(
  trainingSummary(
    { train: run.split.train.length, validation: run.split.validation.length, test: run.split.test.length },
    model.threshold,
    { final: run.final.test, baseline: run.baseline.test, alwaysInvalid: run.alwaysInvalid },
  ),
);
if (model.reviewBand) {
  const onTest = bandOutcome(model.reviewBand, {
    labels: run.split.test.map((e) => e.label),
    scores: run.final.testScores,
  });
  const pct = (count: number) => `${((100 * count) / Math.max(onTest.pairs, 1)).toFixed(1)} %`;
  console.log(
    `\nreview band [${model.reviewBand.lower.toFixed(4)}, ${model.reviewBand.upper.toFixed(4)}) chosen on validation; ` +
      `test pairs: ${pct(onTest.below)} below (reject), ${pct(onTest.inBand)} inside (review), ${pct(onTest.above)} above (accept)`,
  );
}

// Champion / challenger: the model already at --out against the new one, on the same test pairs.
let ships = true;
if (existsSync(options.out)) {
  try {
    const champion = loadModelFile(options.out);
    const test = run.split.test;
    const comparison = compareModels(
      test.map((e) => e.label),
      { scores: test.map((e) => probability(champion, e.features)), threshold: champion.threshold },
      { scores: run.final.testScores, threshold: run.final.threshold },
    );
    const [low, high] = comparison.interval;
    console.log(
      `\nchampion ${options.out} (trained ${champion.trainedAt}) against the challenger, same ${test.length} test pairs:\n\n` +
        metricsTable({ champion: comparison.champion, challenger: comparison.challenger }) +
        `\n\nF1 difference (challenger - champion) ${comparison.difference.toFixed(4)}, ` +
        `95 % bootstrap interval [${low.toFixed(4)}, ${high.toFixed(4)}]`,
    );
    ships = comparison.ships;
  } catch (error) {
    console.log(
      `\nchampion ${options.out} cannot be scored on these features (${(error as Error).message}); the challenger ships`,
    );
  }
}

if (ships || options.force) {
  writeFileWhole(options.out, `${JSON.stringify(model, null, 2)}\n`);
  console.log(
    `\nshipped: wrote ${options.out}${ships ? "" : " (--force: worse than the champion beyond the interval)"}`,
  );
} else {
  const aside = options.out.replace(/(\.json)?$/, ".challenger.json");
  writeFileWhole(aside, `${JSON.stringify(model, null, 2)}\n`);
  console.log(
    `\nnot shipped: the challenger is worse than the champion beyond the bootstrap interval; kept ${options.out}, ` +
      `wrote the challenger to ${aside} (--force ships it anyway)`,
  );
}
