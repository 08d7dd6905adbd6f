/**
 * Repeated k-fold cross-validation on iTunes-Amazon's train and valid parts (430 pairs each), to
 * judge a feature change on four times the pairs of the 109-pair test part without reading that part:
 *
 *   npm run bench:itunes-cv [-- --dir D ... --folds 5 --repeats 5 --json F]
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import {
  BASELINE_FEATURES,
  FEATURE_NAMES,
  FEATURE_VERSION,
  type FeatureName,
} from "../../lambda/features.ts";
import { positiveInteger } from "../cli-args.ts";
import { FirstSightNumbers } from "../dedupe/word-pair-blocks.ts";
import { priorModelOptions, priorModelOrExit } from "../prior.ts";
import { bootstrapF1 } from "../report/bootstrap.ts";
import { crossValidate, groupBootstrapMean, recordGroups } from "./cross-validation.ts";
import { type ItunesPair, readSplit } from "./parse.ts";
import { toExamples } from "./records.ts";

const SHARED = fileURLToPath(new URL("../../../shared/datasets/itunes-amazon/", import.meta.url));

const options = priorModelOptions(new Command("bench:itunes-cv"))
  .description("Repeated k-fold cross-validation of the pair classifier on iTunes-Amazon train+valid")
  .option("--dir <folder...>", "benchmark folders with train.txt and valid.txt", [
    join(SHARED, "Structured"),
    join(SHARED, "Dirty"),
  ])
  .option("--folds <n>", "folds per repeat", positiveInteger, 5)
  .option("--repeats <n>", "repeats, each with its own folds", positiveInteger, 5)
  .option("--json <file>", "also write the figures as JSON")
  .parse()
  .opts<{ dir: string[]; folds: number; repeats: number; json?: string; priorModel: string | false }>();

for (const dir of options.dir) {
  const missing = ["train.txt", "valid.txt"].filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    console.error(`iTunes-Amazon data not found: ${resolve(dir)} lacks ${missing.join(", ")}`);
    process.exit(1);
  }
}

const prior = priorModelOrExit(options.priorModel, "bench:itunes-cv");
const SETS: { name: string; optional: boolean; features: readonly FeatureName[]; prior?: boolean }[] = [
  {
    name: `service features (${FEATURE_NAMES.length}) + album, duration, year columns`,
    optional: true,
    features: FEATURE_NAMES,
  },
  {
    name: `service features (${FEATURE_NAMES.length}), title + artist only`,
    optional: false,
    features: FEATURE_NAMES,
  },
  { name: "4 suggested features (baseline)", optional: false, features: BASELINE_FEATURES },
  ...(prior
    ? [
        {
          name: `  the same + album, duration, year, ${prior.name}`,
          optional: true,
          features: FEATURE_NAMES,
          prior: true,
        },
        {
          name: `  the same, title + artist only, ${prior.name}`,
          optional: false,
          features: FEATURE_NAMES,
          prior: true,
        },
      ]
    : []),
];
const pct = (x: number) => (100 * x).toFixed(2);
const results = [];
for (const dir of options.dir) {
  const pairs: ItunesPair[] = [...readSplit(dir, "train.txt"), ...readSplit(dir, "valid.txt")];
  const groups = recordGroups(pairs);
  console.log(
    `\niTunes-Amazon ${basename(dir)}: ${pairs.length} train+valid pairs in ${new Set(groups).size} groups of shared records; ` +
      `${options.repeats} × ${options.folds}-fold, each fold's rest split 75/25 into fit and validation; test part not read`,
  );
  const withColumns = toExamples(pairs, "cv", true);
  const titleArtist = toExamples(pairs, "cv", false);
  const rows = SETS.map((set) => {
    const cv = crossValidate(set.optional ? withColumns : titleArtist, groups, set.features, {
      ...options,
      source: set.prior ? prior?.model : undefined,
    });
    console.log(
      `  ${set.name.padEnd(62)} F1 ${pct(cv.f1)} [${pct(cv.f1Interval.low)}, ${pct(cv.f1Interval.high)}]` +
        `  repeats ${cv.repeatF1.map(pct).join(" ")}  FP ${cv.falsePositives.toFixed(1)} FN ${cv.falseNegatives.toFixed(1)} per repeat` +
        `  log-loss ${cv.logLoss.toFixed(4)}`,
    );
    return { ...set, ...cv };
  });
  const gaps = rows.flatMap((row) => {
    const without = rows.find((r) => !r.prior && r.optional === row.optional && r.features === row.features);
    if (!row.prior || !without) return [];
    const labels = pairs.map((p) => p.label);
    const { gaps } = bootstrapF1(labels, { prior: row.firstRepeat, without: without.firstRepeat }, "without");
    const logLossGap = groupBootstrapMean(
      row.pairLogLoss.map((loss, i) => loss - (without.pairLogLoss[i] as number)),
      groups,
    );
    const f4 = (x: number) => x.toFixed(4);
    console.log(
      `  ${row.name.trim()}: F1 gap to the fit without it ${pct(gaps.prior.value)} [${pct(gaps.prior.low)}, ${pct(gaps.prior.high)}] ` +
        `(first repeat, paired bootstrap); log-loss gap ${f4(logLossGap.value)} [${f4(logLossGap.low)}, ${f4(logLossGap.high)}] ` +
        "(every repeat, paired bootstrap over groups)",
    );
    return [{ name: row.name.trim(), gap: gaps.prior, logLossGap }];
  });
  const headline = rows[0];
  const alwaysWrong = (headline?.alwaysWrong ?? []).map((i) => pairs[i] as ItunesPair);
  console.log(`  wrong in every repeat (${headline?.name}): ${alwaysWrong.length}`);
  const show = (r: Record<string, string>) =>
    `${r.Song_Name} | ${r.Artist_Name} | ${r.Album_Name} | ${r.Time}`;
  for (const pair of alwaysWrong)
    console.log(
      `    tagged ${pair.label === 1 ? "match   " : "no match"}  ${show(pair.left)}\n                     ${show(pair.right)}`,
    );
  // Each group as the index of its first appearance: the same partition in a few bytes a pair.
  const groupNumbers = new FirstSightNumbers();
  results.push({
    dataset: `iTunes-Amazon (${basename(dir)})`,
    pairs: pairs.length,
    // Each pair's out-of-fold log-loss and its group (an index), so that two runs (two feature
    // versions) can be compared pair by pair: npm run bench:itunes-cv-compare -- before.json after.json
    groups: groups.map((group) => groupNumbers.of(group)),
    rows: rows.map(({ firstRepeat: _, ...row }) => row),
    priorGaps: gaps,
    alwaysWrong: alwaysWrong.map((pair) => ({
      label: pair.label,
      left: pair.left.Song_Name,
      right: pair.right.Song_Name,
    })),
  });
}
console.log(
  "\nF1 pools every repeat's out-of-fold decisions; the interval is a bootstrap of the first repeat's pairs (each pair decided once);" +
    " log-loss is the mean over every repeat's out-of-fold scores.",
);
if (options.json) {
  mkdirSync(dirname(options.json), { recursive: true });
  writeFileSync(
    options.json,
    `${JSON.stringify({ generatedAt: new Date().toISOString(), featureVersion: FEATURE_VERSION, folds: options.folds, repeats: options.repeats, results }, null, 2)}\n`,
  );
  console.log(`wrote ${options.json}`);
}
