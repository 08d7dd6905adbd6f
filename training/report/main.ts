import { mkdirSync } from "node:fs";
import { Command } from "commander";
import { count, trainingInputOptions } from "../cli-args.ts";
import { exitOnInputError } from "../cli-exit.ts";
import { trainingSummary } from "../report-table.ts";
import { buildReport, readReportInputs } from "./build-report.ts";

const options = trainingInputOptions(
  new Command("report").description(
    "Train and evaluate as train.ts does, and write a Markdown report with charts and metrics.json",
  ),
)
  .option("--out <dir>", "where to write index.md, metrics.json and charts/", "reports")
  .option("--model <path>", "model file to check this run against (skipped if absent)", "data/model.json")
  .option("--sample-seed <n>", "generator seed tried to recognise a generated sample", count, 42)
  .option(
    "--noise <path>",
    "labels flipped on purpose (default: sample-noise.csv beside the groundtruth, if present)",
  )
  .option("--quick", "fewer learning-curve points (CI)", false)
  .parse()
  .opts<{
    db: string;
    groundtruth: string;
    out: string;
    model: string;
    sampleSeed: number;
    quick: boolean;
    noise?: string;
    priorModel: string | false;
  }>();

const reportOptions = {
  ...options,
  command: `npm run report -- ${process.argv.slice(2).join(" ")}`.trim().replace(/ --$/, ""),
  log: (message: string) => console.error(message),
};
const inputs = await (async () => {
  // A --out that names a file ends the command here, not after the training.
  mkdirSync(options.out, { recursive: true });
  return readReportInputs(reportOptions);
})().catch(exitOnInputError("report"));
const data = await buildReport(inputs, reportOptions);

console.log(
  trainingSummary(
    { train: data.split.train.pairs, validation: data.split.validation.pairs, test: data.split.test.pairs },
    data.threshold,
    { final: data.final.test, baseline: data.baseline.test, alwaysInvalid: data.alwaysInvalid },
  ),
);
if (data.modelCheck) {
  const { path, sameData, testMetricsAgree } = data.modelCheck;
  console.log(
    `\n${path}: ${sameData ? (testMetricsAgree ? "same data, test metrics agree" : "same data, test metrics DIFFER") : "other data, not compared"}`,
  );
}
console.log(
  `\nwrote ${options.out}/index.md, metrics.json and charts/ (${Object.values(data.seconds)
    .reduce((a, b) => a + b, 0)
    .toFixed(0)} s)`,
);
