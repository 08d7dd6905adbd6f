import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { probability } from "../../lambda/model.ts";
import { positiveInteger } from "../cli-args.ts";
import { exitOnInputError } from "../cli-exit.ts";
import { type Example, loadDataset, splitKey } from "../dataset.ts";
import { fitLogistic } from "../fit.ts";
import { bestThreshold, evaluate } from "../metrics.ts";
import { groupSplit } from "../split.ts";
import { type CurvePoint, DEFAULT_SIMULATION, simulate } from "./active-learning.ts";
import { activeLearningMarkdown, F1_TARGETS, writeActiveLearningChart } from "./active-learning-report.ts";

/** Commander argument parser of `--seeds`: comma-separated integers, or a one-line usage error. */
function seedList(v: string): number[] {
  const seeds = v.split(",").map(Number);
  if (seeds.length === 0 || !seeds.every(Number.isInteger))
    throw new InvalidArgumentError(`not a comma-separated list of integers: ${v}`);
  return seeds;
}

const options = new Command("active-learning")
  .description("Simulates labelling by uncertainty (+ diversity) against random on the sample; writes curves")
  .option("--db <path>", "SQLite catalog", "data/db.db")
  .option(
    "--groundtruth <path>",
    "labelled pairs (labels hidden from the learner until chosen)",
    "data/groundtruth.csv",
  )
  .option("--seeds <list>", "comma-separated seeds (integers)", seedList, [1, 2, 3])
  .option("--start <n>", "labels to start from", positiveInteger, DEFAULT_SIMULATION.start)
  .option("--step <n>", "labels added per round", positiveInteger, DEFAULT_SIMULATION.step)
  .option("--end <n>", "labels to stop at", positiveInteger, DEFAULT_SIMULATION.end)
  .option("--out <dir>", "reports dir: active-learning.json, .md and charts/active-learning.svg", "reports")
  .parse()
  .opts<{
    db: string;
    groundtruth: string;
    seeds: number[];
    start: number;
    step: number;
    end: number;
    out: string;
  }>();

const started = Date.now();
const dataset = await loadDataset(options.db, options.groundtruth).catch(exitOnInputError("active-learning"));
const split = groupSplit(dataset.examples.map(splitKey));
const asSet = (part: Example[]) => ({
  features: part.map((e) => e.features),
  labels: part.map((e) => e.label),
});
const test = asSet(split.test);
const validation = asSet(split.validation);
const pool = split.train;

// Reference: the whole pool labelled, same validation threshold rule.
const full = fitLogistic(
  pool.map((e) => e.features),
  pool.map((e) => e.label),
);
const fullThreshold = bestThreshold(
  validation.labels,
  validation.features.map((row) => probability(full, row)),
);
const fullF1 = evaluate(
  test.labels,
  test.features.map((row) => probability(full, row)),
  fullThreshold,
).f1;
console.log(
  `pool ${pool.length} pairs (train part), test ${test.labels.length}; all ${pool.length} labels: F1 ${fullF1.toFixed(4)}`,
);

const settings = {
  ...DEFAULT_SIMULATION,
  start: options.start,
  step: options.step,
  end: Math.min(options.end, pool.length),
};
const seeds = options.seeds;
const points: CurvePoint[] = [];
for (const seed of seeds) {
  let revealed = 0;
  const curve = simulate(
    {
      features: pool.map((e) => e.features),
      reveal: (i) => {
        revealed++;
        return (pool[i] as Example).label;
      },
    },
    test,
    { ...settings, seed },
    validation,
  );
  points.push(...curve);
  const last = (strategy: string) =>
    curve
      .filter((p) => p.strategy === strategy)
      .at(-1)
      ?.f1.toFixed(4);
  console.log(
    `seed ${seed}: ${revealed} labels revealed over both strategies; at ${settings.end}: ` +
      `uncertainty F1 ${last("uncertainty")}, random ${last("random")}`,
  );
}

const result = {
  command: `npm run active-learning -- --seeds ${options.seeds}`,
  settings: { ...settings, seeds },
  pool: pool.length,
  test: test.labels.length,
  fullPoolF1: fullF1,
  targets: F1_TARGETS,
  points,
  seconds: Math.round((Date.now() - started) / 1000),
};
mkdirSync(join(options.out, "charts"), { recursive: true });
writeFileSync(join(options.out, "active-learning.json"), `${JSON.stringify(result, null, 2)}\n`);
await writeActiveLearningChart(join(options.out, "charts"), result);
writeFileSync(join(options.out, "active-learning.md"), activeLearningMarkdown(result));
console.log(
  `wrote ${join(options.out, "active-learning.md")}, .json and charts/active-learning.svg in ${result.seconds} s`,
);
