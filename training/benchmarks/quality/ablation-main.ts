/**
 * `npm run bench:ablation`: the report's ablation (the final set refitted without each feature group,
 * F1 gap with a paired bootstrap 95 % interval) on every dataset of `npm run bench:quality`, so a
 * feature earns its place on data we did not write, not only on our sample.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command } from "commander";
import { BASELINE_FEATURES, FEATURE_NAMES, FEATURE_VERSION } from "../../../lambda/features.ts";
import { type AblationRow, ablation, FEATURE_GROUPS } from "../../ablation.ts";
import { type Example, loadDataset, splitKey } from "../../dataset.ts";
import { elapsedLog } from "../../elapsed-log.ts";
import { itunesSplit } from "../../itunes/benchmark.ts";
import { SPLIT_FILES } from "../../itunes/parse.ts";
import { type Candidate, fitCandidate } from "../../pipeline.ts";
import { type AblationInterval, ablationIntervals } from "../../report/ablation-intervals.ts";
import { groupSplit, type Split } from "../../split.ts";
import { crossValidatedAblation, crossValidatedContext } from "./ablation-cv.ts";
import { ablationTable, creditedOn, type DatasetAblation } from "./ablation-table.ts";
import { type DatasetOptions, datasetOptions, itunesRoot, musicBrainzCsv } from "./datasets.ts";
import { musicBrainzSplit } from "./musicbrainz.ts";

const options = datasetOptions(
  new Command("bench:ablation").description(
    "The ablation of every feature group on our sample, iTunes-Amazon Structured and Dirty, MusicBrainz 20K",
  ),
)
  .option(
    "--out <file>",
    "where to write the Markdown table (JSON beside it)",
    "reports/ablation-datasets.md",
  )
  .parse()
  .opts<DatasetOptions & { out: string }>();

// Every dataset is checked before the first refit: the sample alone takes minutes.
const inputs = [
  options.db,
  options.groundtruth,
  ...["Structured", "Dirty"].flatMap((v) =>
    SPLIT_FILES.map((file) => join(itunesRoot(options.shared), v, file)),
  ),
  musicBrainzCsv(options.shared),
];
const absent = inputs.filter((file) => !existsSync(file));
if (absent.length > 0) {
  console.error(
    `bench:ablation needs ${absent.map((f) => resolve(f)).join(", ")}; pass --shared <datasets folder>.`,
  );
  process.exit(1);
}

const log = elapsedLog();

/** One dataset's split, its final and baseline sets, and the true test pairs its candidates missed. */
interface Context {
  dataset: string;
  split: Split<Example>;
  final: Candidate;
  baseline: Candidate;
  missed: number;
}

/**
 * Intervals of ablation rows; the `missed` true test pairs that no candidate proposed are appended
 * as false negatives of every row (MusicBrainz 20K), so the figures match bench:quality's.
 */
function intervalsOf(c: Context, rows: readonly AblationRow[]): DatasetAblation {
  const labels = [...c.split.test.map((e) => e.label), ...new Array<number>(c.missed).fill(1)];
  const padded = rows.map((r) => ({
    ...r,
    testScores: [...r.testScores, ...new Array<number>(c.missed).fill(0)],
  }));
  return { dataset: c.dataset, n: labels.length, rows: ablationIntervals(labels, padded) };
}

/** One column of the table: its ablation over every feature group, and the refit of other groups. */
interface Column {
  ablation: DatasetAblation;
  refit: (groups: typeof FEATURE_GROUPS) => DatasetAblation;
}

/** A column of one split, with its final set's fit. */
interface SplitColumn extends Column {
  final: Candidate;
}

/** The ablation of one split over every feature group. */
function ablate(dataset: string, split: Split<Example>, missed = 0): SplitColumn {
  log(dataset);
  const context = {
    dataset,
    split,
    final: fitCandidate(split, FEATURE_NAMES),
    baseline: fitCandidate(split, BASELINE_FEATURES),
    missed,
  };
  const refit = (groups: typeof FEATURE_GROUPS) => intervalsOf(context, ablation(context, groups));
  return { ablation: refit(FEATURE_GROUPS), refit, final: context.final };
}

/**
 * Leave-one-out under-credits features that stand in for each other, so the groups no dataset
 * credits alone are also dropped together (same prior strength) and that row joins each table.
 */
function dropTogether(column: Column, groups: readonly string[]): DatasetAblation {
  log(`${column.ablation.dataset}: the ${groups.length} uncredited groups together`);
  const features = FEATURE_GROUPS.filter((g) => groups.includes(g.name)).flatMap((g) => g.features);
  const name = jointName(groups.length);
  const joint = column.refit([{ name, features }]).rows.find((r) => r.name === `final - ${name}`);
  return { ...column.ablation, rows: [...column.ablation.rows, joint as AblationInterval] };
}

const jointName = (count: number) => `all ${count} groups credited nowhere alone, together`;

const columns: Column[] = [];
const sample = await loadDataset(options.db, options.groundtruth);
// The sample's split as `npm run train` draws it.
const sampleColumn = ablate("our sample", groupSplit(sample.examples.map(splitKey)));
columns.push(sampleColumn);
log("our sample, 5-fold cross-validation");
const folded = crossValidatedContext(
  "our sample, 5-fold cross-validation",
  sample.examples,
  sampleColumn.final.fitted.priorScale,
);
const refitFolded = (groups: typeof FEATURE_GROUPS) => crossValidatedAblation(folded, groups);
columns.push({ ablation: refitFolded(FEATURE_GROUPS), refit: refitFolded });
sample.catalog.close();
for (const variant of ["Structured", "Dirty"] as const)
  columns.push(
    ablate(`iTunes-Amazon ${variant}`, itunesSplit(join(itunesRoot(options.shared), variant), true)),
  );
const mb = musicBrainzSplit(musicBrainzCsv(options.shared));
columns.push(ablate("MusicBrainz 20K", mb.split, mb.missedTestPairs));
const alone = creditedOn(columns.map((c) => c.ablation));
const uncredited = [...alone].filter(([, on]) => on.length === 0).map(([group]) => group);
// One uncredited group dropped "together" is its own row again: the joint row needs two or more.
const ablations =
  uncredited.length > 1
    ? columns.map((column) => dropTogether(column, uncredited))
    : columns.map((c) => c.ablation);
log("done");

const table = ablationTable(ablations);
console.log(table);
const together = creditedOn(ablations).get(jointName(uncredited.length)) ?? [];
const summary =
  uncredited.length === 0
    ? "Every feature group is credited on at least one dataset."
    : uncredited.length === 1
      ? `Credited on no dataset: ${uncredited[0]}.`
      : `Credited on no dataset alone: ${uncredited.join(", ")}. Dropped together they are ` +
        (together.length ? `credited on ${together.join(", ")}.` : "noise on every dataset too.");
console.log(`\n${summary}`);
mkdirSync(dirname(options.out), { recursive: true });
writeFileSync(
  options.out,
  [
    "# Ablation on every dataset",
    "",
    `Generated ${new Date().toISOString()} by \`npm run bench:ablation\` (feature version ${FEATURE_VERSION}).`,
    "Each column: that dataset's own split, the final set fitted on train with its threshold chosen on",
    "validation, then refitted without one feature group at the same prior strength; the cell is its test",
    "F1 minus the final set's, in points, with a paired bootstrap 95 % interval (1,000 resamples of the",
    "test pairs). **helps**: the interval lies below 0. Leave-one-out under-credits features that stand in",
    "for each other, so the last line drops every group that no dataset credits alone, all at once.",
    "The column *our sample, 5-fold cross-validation* decides every labelled pair of the sample once, by",
    "a fit on the folds it is not in (folds drawn by the split's groups, prior strength of the final",
    "model, threshold read from a quarter of the other folds); its interval resamples all those pairs.",
    "MusicBrainz 20K counts the true test pairs its",
    "candidate set missed as false negatives, as `npm run bench:quality` does. iTunes-Amazon uses the",
    "album, duration and year columns.",
    "",
    table,
    "",
    summary,
    "",
  ].join("\n"),
);
writeFileSync(
  options.out.replace(/\.md$/, ".json"),
  `${JSON.stringify({ generatedAt: new Date().toISOString(), featureVersion: FEATURE_VERSION, ablations }, null, 2)}\n`,
);
console.log(`wrote ${options.out}`);
