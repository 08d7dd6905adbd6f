import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseModel } from "../../lambda/model.ts";
import { type Dataset, loadDataset } from "../dataset.ts";
import { NOISE_FILE, type NoiseRow, readNoise } from "../sample/noise-file.ts";
import { drawCharts } from "./draw-charts.ts";
import { LEARNING_SHARES } from "./learning-curve.ts";
import { reportMarkdown } from "./markdown.ts";
import { computeReport, type ReportData } from "./report-data.ts";

/** Inputs of one report run; `model` is an existing model file to check the run against. */
export interface ReportOptions {
  db: string;
  groundtruth: string;
  out: string;
  model?: string;
  /** Fewer learning-curve points, for CI; every file is still written. */
  quick?: boolean;
  /** Seed tried for recognising a generated sample (its pair kinds then get a table). */
  sampleSeed?: number;
  command?: string;
  log?: (message: string) => void;
  /** Side file of labels flipped on purpose; default `sample-noise.csv` beside the groundtruth, used when present. */
  noise?: string;
}

/** The outcome of comparing the run with an existing model file. */
export interface ModelCheck {
  path: string;
  sameData: boolean;
  testMetricsAgree: boolean;
}

/**
 * Loads the data, trains and evaluates exactly as train.ts does, and writes `<out>/index.md`,
 * `<out>/metrics.json` and `<out>/charts/*.svg`. Returns the numbers written.
 */
export async function buildReport(options: ReportOptions): Promise<ReportData & { modelCheck?: ModelCheck }> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  log("loading data ...");
  const dataset = await loadDataset(options.db, options.groundtruth);
  const loaded = performance.now();
  const noise = matchingNoise(options.noise ?? join(dirname(options.groundtruth), NOISE_FILE), dataset, log);
  const report = computeReport(dataset, {
    learningShares: options.quick ? [0.25, 1] : LEARNING_SHARES,
    sampleSeed: options.sampleSeed ?? 42,
    log,
    ...(noise ? { noise } : {}),
  });
  const modelCheck = options.model ? checkModel(options.model, report.data) : undefined;
  log("charts ...");
  mkdirSync(options.out, { recursive: true });
  const chartsStarted = performance.now();
  const charts = await drawCharts(options.out, report);
  const data = {
    ...report.data,
    seconds: {
      load: round((loaded - started) / 1000),
      ...report.data.seconds,
      charts: round((performance.now() - chartsStarted) / 1000),
    },
    ...(modelCheck ? { modelCheck } : {}),
  };
  const command =
    options.command ?? `npm run report -- --db ${options.db} --groundtruth ${options.groundtruth}`;
  writeFileSync(join(options.out, "metrics.json"), `${JSON.stringify(data, null, 2)}\n`);
  writeFileSync(
    join(options.out, "index.md"),
    reportMarkdown(data, charts, { command, ...(modelCheck ? { modelCheck: describe(modelCheck) } : {}) }),
  );
  return data;
}

/**
 * The side file of flipped labels when it exists and describes these labelled pairs (every row's pair
 * present with the same tag); otherwise undefined, so a stale file beside other data is never trusted.
 */
function matchingNoise(
  path: string,
  dataset: Dataset,
  log: (message: string) => void,
): Map<string, NoiseRow> | undefined {
  const noise = readNoise(path);
  if (!noise) return undefined;
  const tags = new Map(dataset.examples.map((e) => [`${e.pair.q}\t${e.pair.m}`, e.pair.tag]));
  for (const [key, row] of noise) {
    if (tags.get(key) !== row.tag) {
      log(`${path} does not describe these labels (${row.q},${row.m}); label noise not counted apart`);
      return undefined;
    }
  }
  log(`${path}: ${noise.size} labels flipped on purpose, counted apart`);
  return noise;
}

function checkModel(path: string, data: ReportData): ModelCheck | undefined {
  if (!existsSync(path)) return undefined;
  const model = parseModel(readFileSync(path, "utf8"));
  const sameData = model.training.fingerprint === data.dataset.fingerprint;
  const testMetricsAgree = sameData && JSON.stringify(model.metrics.test) === JSON.stringify(data.final.test);
  return { path, sameData, testMetricsAgree };
}

function describe(check: ModelCheck): string {
  if (!check.sameData)
    return `\`${check.path}\` was trained on other data, so it is not compared with this run.`;
  return check.testMetricsAgree
    ? `\`${check.path}\` was trained on the same data; its test metrics equal this run's exactly.`
    : `**Warning:** \`${check.path}\` was trained on the same data but its test metrics differ from this run's.`;
}

const round = (seconds: number) => Math.round(seconds * 10) / 10;
