import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BASELINE_FEATURES, FEATURE_NAMES } from "../../lambda/features.ts";
import { parseModel } from "../../lambda/model.ts";
import { FEATURE_GROUPS } from "../ablation.ts";
import { writeSmallSample } from "../sample-fixture.ts";
import { buildReport, readReportInputs } from "./build-report.ts";
import { CHART_NAMES } from "./draw-charts.ts";
import { LABEL_NOISE } from "./errors.ts";

describe("report on a small generated sample", () => {
  let sample: string;
  let out: string;
  let metrics: Awaited<ReturnType<typeof buildReport>>;

  beforeAll(async () => {
    sample = await writeSmallSample(2000, 7);
    out = mkdtempSync(join(tmpdir(), "sr-match-report-"));
    // The model file comes from the training CLI itself, so the report is checked against train.ts.
    execFileSync(
      "npx",
      [
        "tsx",
        "training/train.ts",
        "--db",
        join(sample, "db.db"),
        "--groundtruth",
        join(sample, "groundtruth.csv"),
        "--out",
        join(sample, "model.json"),
      ],
      { stdio: "pipe" },
    );
    const options = {
      db: join(sample, "db.db"),
      groundtruth: join(sample, "groundtruth.csv"),
      out,
      model: join(sample, "model.json"),
      sampleSeed: 7,
      quick: true,
    };
    metrics = await buildReport(await readReportInputs(options), options);
    // 40 features and a grouped ablation of 12 fits: ~2 min alone, more on a shared machine.
  }, 600_000);

  it("writes index.md, metrics.json and every chart as a non-empty SVG", () => {
    for (const name of CHART_NAMES) {
      const svg = readFileSync(join(out, "charts", `${name}.svg`), "utf8");
      expect(svg.startsWith("<svg"), name).toBe(true);
      expect(svg.length, name).toBeGreaterThan(1000);
    }
    const markdown = readFileSync(join(out, "index.md"), "utf8");
    for (const name of CHART_NAMES) expect(markdown).toContain(`](charts/${name}.svg)`);
    expect(markdown).toContain("[quality.md](quality.md), from `npm run bench:quality`");
    expect(statSync(join(out, "metrics.json")).size).toBeGreaterThan(1000);
  });

  it("reports the test metrics that the training CLI wrote into model.json for the same data", () => {
    const model = parseModel(readFileSync(join(sample, "model.json"), "utf8"));
    const written = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(written.final.test).toEqual(model.metrics.test);
    expect(written.baseline.test).toEqual(model.metrics.baselineFourFeatures);
    expect(written.threshold).toBe(model.threshold);
    expect(metrics.modelCheck).toEqual({
      path: join(sample, "model.json"),
      sameData: true,
      testMetricsAgree: true,
    });
  });

  it("covers ablation, learning curve, calibration, typical decisions and errors by cause", () => {
    expect(metrics.ablation.map((r) => r.name)).toEqual(expect.arrayContaining(["4 suggested", "final"]));
    expect(metrics.ablation.find((r) => r.name === "final")?.test).toEqual(metrics.final.test);
    expect(new Set(metrics.learningCurve.map((p) => p.trainPairs)).size).toBeGreaterThan(1);
    expect(metrics.calibration.reduce((n, b) => n + b.count, 0)).toBe(metrics.final.test.n);
    expect(metrics.typicalDecisions.length).toBeGreaterThanOrEqual(4);
    const errors = metrics.final.test.confusion.fp + metrics.final.test.confusion.fn;
    const counted = metrics.errors.byCause.reduce((n, r) => n + r.falsePositives + r.falseNegatives, 0);
    expect(counted).toBeGreaterThanOrEqual(errors);
  });

  it("credits every feature of the model in the ablation, each gap with a bootstrap interval", () => {
    const dropped = metrics.ablation.filter((r) => r.name.startsWith("final - ")).map((r) => r.name.slice(8));
    const credited = FEATURE_GROUPS.filter((g) => dropped.includes(g.name)).flatMap((g) => g.features);
    expect(new Set(credited)).toEqual(
      new Set(FEATURE_NAMES.filter((f) => !BASELINE_FEATURES.includes(f) && f !== undefined)),
    );
    for (const r of metrics.ablation) {
      expect(r.f1.low).toBeLessThanOrEqual(r.f1.value);
      expect(r.f1.high).toBeGreaterThanOrEqual(r.f1.value);
      expect(r.noise).toBe(r.gap.low <= 0 && r.gap.high >= 0);
    }
    expect(metrics.intervals.final.value).toBeCloseTo(metrics.final.test.f1, 12);
  });

  it("counts the labels flipped on purpose in their own row, never under a cause", () => {
    const noise = metrics.errors.byCause.find((r) => r.cause === LABEL_NOISE);
    expect(metrics.errors.noiseKnown).toBe(true);
    expect(metrics.errors.noisePairs).toBeGreaterThan(0);
    expect(noise?.testPairs).toBe(metrics.errors.noisePairs);
    expect(metrics.withoutNoise?.pairs).toBe(metrics.final.test.n - metrics.errors.noisePairs);
    const flippedErrors = (noise?.falsePositives ?? 0) + (noise?.falseNegatives ?? 0);
    const { fp, fn } = metrics.withoutNoise?.test.confusion ?? { fp: 0, fn: 0 };
    expect(fp + fn + flippedErrors).toBe(metrics.final.test.confusion.fp + metrics.final.test.confusion.fn);
  });

  it("reads operating points from validation and scores the band the model ships with", () => {
    for (const p of metrics.operating.points) expect(p.validation.precision).toBeGreaterThanOrEqual(0.98);
    const { band } = metrics.operating;
    const model = parseModel(readFileSync(join(sample, "model.json"), "utf8"));
    expect({ lower: band.lower, upper: band.upper }).toEqual(model.reviewBand);
    expect(band.validation.pairs).toBe(metrics.split.validation.pairs);
    expect(band.test.pairs).toBe(metrics.final.test.n);
    expect(band.validation.droppedRecall).toBeLessThanOrEqual(0.01);
    expect(readFileSync(join(out, "index.md"), "utf8")).toContain("chosen on validation");
  });

  it("recognises the generated sample and tables errors by generated kind", () => {
    expect(metrics.generatedKinds?.rows.reduce((n, r) => n + r.testPairs, 0)).toBe(metrics.final.test.n);
    expect(existsSync(join(out, "index.md"))).toBe(true);
    expect(readFileSync(join(out, "index.md"), "utf8")).toContain("synthetic sample only");
  });
});
