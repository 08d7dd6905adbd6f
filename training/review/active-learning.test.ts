import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Example, loadDataset, splitKey } from "../dataset.ts";
import { writeSmallSample } from "../sample-fixture.ts";
import { groupSplit } from "../split.ts";
import { type CurvePoint, labelsToReach, meanCurves, pickUncertain, simulate } from "./active-learning.ts";
import { activeLearningMarkdown, writeActiveLearningChart } from "./active-learning-report.ts";

let points: CurvePoint[];
let revealed: number[];
let pool: Example[];

beforeAll(async () => {
  const dir = await writeSmallSample(1200, 5);
  const dataset = await loadDataset(join(dir, "db.db"), join(dir, "groundtruth.csv"));
  const split = groupSplit(dataset.examples.map(splitKey));
  pool = split.train;
  const asSet = (part: Example[]) => ({
    features: part.map((e) => e.features),
    labels: part.map((e) => e.label),
  });
  revealed = [];
  points = simulate(
    {
      features: pool.map((e) => e.features),
      reveal: (i) => {
        revealed.push(i);
        return (pool[i] as Example).label;
      },
    },
    asSet(split.test),
    { start: 40, step: 40, end: 200, seed: 3, shortlist: 5, threshold: 0.5 },
    asSet(split.validation),
  );
});

describe("the active-learning simulation (small pool)", () => {
  it("draws one curve per strategy from the same start, 40 labels at a time", () => {
    for (const strategy of ["uncertainty", "random"]) {
      expect(points.filter((p) => p.strategy === strategy).map((p) => p.labels)).toEqual([
        40, 80, 120, 160, 200,
      ]);
    }
    expect(points[0]?.f1).toBe(points.find((p) => p.strategy === "random")?.f1);
    expect(points.every((p) => p.f1 > 0 && p.f1 <= 1)).toBe(true);
  });

  it("sees a label only when it picks the pair, never twice in one run", () => {
    expect(revealed).toHaveLength(400);
    expect(new Set(revealed.slice(0, 200)).size).toBe(200);
    expect(new Set(revealed.slice(200)).size).toBe(200);
  });

  it("picks uncertain pairs from the shortlist, spread out rather than the top few", () => {
    const rows = [[0], [0.01], [0.02], [1], [2], [3]];
    const scores = [0.5, 0.5, 0.5, 0.45, 0.4, 0.1];
    const picks = pickUncertain(rows, scores, [0, 1, 2, 3, 4, 5], 2, 2, { mean: [0], std: [1] });
    // Shortlist of 4 (0, 1, 2, 3): the first pick is the most uncertain, the second the farthest from it.
    expect(picks).toEqual([0, 3]);
  });

  it("still picks a full batch when the shortlist holds exact copies", () => {
    const rows = [[0], [0], [0], [0]];
    const picks = pickUncertain(rows, [0.5, 0.5, 0.5, 0.5], [0, 1, 2, 3], 3, 2, { mean: [0], std: [1] });
    expect(new Set(picks).size).toBe(3);
  });

  it("says how many labels each strategy needs, and writes the chart and the markdown", async () => {
    const curve = meanCurves(points);
    expect(labelsToReach(curve, "random", 0)).toBe(40);
    expect(labelsToReach(curve, "random", 1.01)).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), "sr-match-al-"));
    const result = {
      command: "test",
      settings: { start: 40, step: 40, end: 200, seed: 3, shortlist: 5, threshold: 0.5, seeds: [3] },
      pool: pool.length,
      test: 1,
      fullPoolF1: 0.95,
      targets: [0.5],
      points,
      seconds: 1,
    };
    const file = await writeActiveLearningChart(dir, result);
    expect(readFileSync(join(dir, file), "utf8")).toMatch(/^<svg/);
    expect(activeLearningMarkdown(result)).toMatch(/\| 0\.5000 \| (\d+|not reached) \| (\d+|not reached) \|/);
  });
});
