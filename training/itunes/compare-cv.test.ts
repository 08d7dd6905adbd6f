import { describe, expect, it } from "vitest";
import { type CvRun, compareRuns, parseCvRun } from "./compare-cv.ts";

function run(featureVersion: number, losses: number[], groups = [0, 0, 1, 2]): CvRun {
  return {
    featureVersion,
    folds: 5,
    repeats: 5,
    results: [
      {
        dataset: "iTunes-Amazon (Dirty)",
        groups,
        rows: [
          {
            name: "service features",
            f1: 0.9,
            logLoss: losses.reduce((x, y) => x + y, 0) / losses.length,
            pairLogLoss: losses,
          },
        ],
      },
    ],
  };
}

describe("compareRuns", () => {
  it("gives each shared row's log-loss gap, after minus before, with its interval", () => {
    const lines = compareRuns(run(18, [0.2, 0.2, 0.2, 0.2]), run(19, [0.1, 0.1, 0.1, 0.1]));
    expect(lines[0]).toBe("feature version 18 → 19");
    expect(lines[2]).toContain("log-loss 0.2000 → 0.1000  gap -0.1000 [-0.1000, -0.1000]");
  });

  it("refuses runs over different pairs, folds or losses, and runs that share no row", () => {
    const zeros = [0, 0, 0, 0];
    expect(() => compareRuns(run(18, zeros), run(19, zeros, [0, 1, 1, 2]))).toThrow(/different pairs/);
    expect(() => compareRuns(run(18, zeros), { ...run(19, zeros), folds: 3 })).toThrow(/folds or repeats/);
    expect(() => compareRuns(run(18, [0, 0]), run(19, zeros))).toThrow(/not one log-loss per pair/);
    const renamed = run(19, zeros);
    (renamed.results[0] as CvRun["results"][number]).dataset = "another";
    expect(() => compareRuns(run(18, zeros), renamed)).toThrow(/share no dataset and row/);
    const old = run(18, zeros);
    delete old.results[0]?.groups;
    expect(() => compareRuns(old, run(19, zeros))).toThrow(/no per-pair groups/);
  });
});

describe("parseCvRun", () => {
  it("reads a bench:itunes-cv file and names what another JSON file lacks", () => {
    expect(parseCvRun(JSON.parse(JSON.stringify(run(18, [0.1])))).featureVersion).toBe(18);
    expect(() => parseCvRun({ generatedAt: "x", rows: [] })).toThrow(/not a bench:itunes-cv --json file/);
  });
});
