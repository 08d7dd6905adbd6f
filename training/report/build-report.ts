import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Model } from "../../lambda/model.ts";
import { type Dataset, loadDataset } from "../dataset.ts";
import { loadModelFile } from "../model-file.ts";
import { loadPriorModel, MUSICBRAINZ_MODEL } from "../prior.ts";
import { type NoiseRow, readMatchingNoise } from "../sample/noise-file.ts";
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
  /** The model the fit's prior is centred on, as `npm run train --prior-model`: default MUSICBRAINZ_MODEL, false for none. */
  priorModel?: string | false;
}

/** The outcome of comparing the run with an existing model file. */
export interface ModelCheck {
  path: string;
  sameData: boolean;
  testMetricsAgree: boolean;
}

/** Every file a report reads, read and checked before any training starts. */
export interface ReportInputs {
  dataset: Dataset;
  noise?: Map<string, NoiseRow>;
  /** The model file to check the run against, when one was named and exists. */
  model?: { path: string; model: Model };
  /** The model the fit's prior is centred on, when there is one. */
  prior?: Model;
  loadSeconds: number;
}

/**
 * Reads the catalog, the labels, the side file of flipped labels and the model file to check
 * against; a missing or malformed file throws with its path in the message.
 */
export async function readReportInputs(options: ReportOptions): Promise<ReportInputs> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  log("loading data ...");
  const dataset = await loadDataset(options.db, options.groundtruth);
  const pairs = dataset.examples.map((e) => e.pair);
  const noise = readMatchingNoise(options.noise, options.groundtruth, pairs, log);
  const model = options.model && existsSync(options.model) ? loadModelFile(options.model) : undefined;
  const prior = loadPriorModel(options.priorModel ?? MUSICBRAINZ_MODEL)?.model;
  return {
    dataset,
    ...(prior ? { prior } : {}),
    ...(noise ? { noise } : {}),
    ...(model ? { model: { path: options.model as string, model } } : {}),
    loadSeconds: round((performance.now() - started) / 1000),
  };
}

/**
 * Trains and evaluates exactly as train.ts does on the inputs read, and writes `<out>/index.md`,
 * `<out>/metrics.json` and `<out>/charts/*.svg`. Returns the numbers written.
 */
export async function buildReport(
  inputs: ReportInputs,
  options: ReportOptions,
): Promise<ReportData & { modelCheck?: ModelCheck }> {
  const log = options.log ?? (() => {});
  const { dataset, noise, prior } = inputs;
  const report = computeReport(dataset, {
    ...(prior ? { prior } : {}),
    learningShares: options.quick ? [0.25, 1] : LEARNING_SHARES,
    sampleSeed: options.sampleSeed ?? 42,
    log,
    ...(noise ? { noise } : {}),
  });
  const modelCheck = inputs.model ? checkModel(inputs.model, report.data) : undefined;
  log("charts ...");
  mkdirSync(options.out, { recursive: true });
  const chartsStarted = performance.now();
  const charts = await drawCharts(options.out, report);
  const data = {
    ...report.data,
    seconds: {
      load: inputs.loadSeconds,
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

function checkModel({ path, model }: { path: string; model: Model }, data: ReportData): ModelCheck {
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
