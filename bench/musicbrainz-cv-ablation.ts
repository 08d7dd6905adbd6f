import { Command } from "commander";
import { FEATURE_NAMES, type FeatureName } from "../lambda/features.ts";
import { readMusicBrainz20k } from "../training/benchmarks/musicbrainz-20k.ts";
import { musicBrainzSplit } from "../training/benchmarks/quality/musicbrainz.ts";
import type { Example } from "../training/dataset.ts";
import { fitCandidate } from "../training/pipeline.ts";
import { bootstrapF1 } from "../training/report/bootstrap.ts";
import { hashToUnit } from "../training/split.ts";

/**
 * What features add on MusicBrainz 20K out of fold, for a gap its 5,102 test pairs cannot resolve:
 * the candidate pairs of bench:quality, 5 folds drawn by cluster, each fold's pairs decided by a fit
 * on the pairs of the other folds (a quarter of their clusters choosing the threshold) at the prior
 * strength of the fit on bench:quality's split. A pair whose two clusters fall in two folds is
 * neither fitted nor decided, so no record is on both sides: most non-matches go that way.
 * `--seed` draws other folds and validation quarters, to see whether a gap holds beyond one draw.
 *   npx tsx bench/musicbrainz-cv-ablation.ts --drop title_lead_sim [--seed 2]
 */
const FOLDS = 5;
const options = new Command("musicbrainz-cv-ablation")
  .requiredOption("--drop <features>", "comma-separated features to drop together", (v) => v.split(","))
  .option("--seed <text>", "salt of the fold and validation draws (default: none, the first draw)")
  .parse()
  .opts<{ drop: string[]; seed?: string }>();
const unknown = options.drop.filter((f) => !(FEATURE_NAMES as readonly string[]).includes(f));
if (unknown.length > 0) {
  console.error(`unknown features: ${unknown.join(", ")}`);
  process.exit(1);
}

const cluster = new Map(readMusicBrainz20k().map((r) => [r.sr_id, r.cluster]));
const { split } = musicBrainzSplit();
const pairs: Example[] = [...split.train, ...split.validation, ...split.test];
const salt = options.seed === undefined ? "" : `${options.seed}:`;
const foldOf = (id: string) => Math.floor(hashToUnit(`mbfold:${salt}${cluster.get(id)}`) * FOLDS);
const priorScale = fitCandidate(split, FEATURE_NAMES).fitted.priorScale;
const decided = pairs.filter((e) => foldOf(e.pair.q) === foldOf(e.pair.m));

/** Each decided pair's decision (1 = match) by the fit on the folds it is not in. */
function decide(features: readonly FeatureName[]): number[] {
  const decisions = new Array<number>(decided.length).fill(0);
  for (let fold = 0; fold < FOLDS; fold++) {
    const held = decided.flatMap((e, i) => (foldOf(e.pair.q) === fold ? [i] : []));
    const rest = pairs.filter((e) => foldOf(e.pair.q) !== fold && foldOf(e.pair.m) !== fold);
    const validation = (e: Example) => hashToUnit(`mbvalid:${salt}${fold}:${cluster.get(e.pair.q)}`) < 0.25;
    const fitted = fitCandidate(
      {
        train: rest.filter((e) => !validation(e)),
        validation: rest.filter(validation),
        test: held.map((i) => decided[i] as Example),
      },
      features,
      { priorScale },
    );
    held.forEach((index, j) => {
      decisions[index] = (fitted.testScores[j] as number) >= fitted.threshold ? 1 : 0;
    });
  }
  return decisions;
}

const labels = decided.map((e) => e.label);
const matches = labels.filter((l) => l === 1).length;
console.log(`${decided.length} of ${pairs.length} pairs decided out of fold (${matches} matches)`);
const final = decide(FEATURE_NAMES);
const without = decide(FEATURE_NAMES.filter((f) => !options.drop.includes(f)));
const { f1, gaps } = bootstrapF1(labels, { final, without }, "final");
const points = (i: { value: number; low: number; high: number }) =>
  `${(100 * i.value).toFixed(2)} [${(100 * i.low).toFixed(2)}, ${(100 * i.high).toFixed(2)}]`;
console.log(`F1 of the ${FEATURE_NAMES.length} features: ${points(f1.final)}`);
console.log(
  `without ${options.drop.join(", ")}: ${points(f1.without)}; ` +
    `F1 without minus F1 with: ${points(gaps.without)} points (below 0: they earn their place)`,
);
