import { describe, expect, it } from "vitest";
import { type CvRun, compareRuns } from "./compare-cv.ts";

function run(featureVersion: number, losses: number[], groups = ["a", "a", "b", "c"]): CvRun {
  return {
    featureVersion,
    results: [
      {
        dataset: "iTunes-Amazon (Dirty)",
        groups,
        rows: [
          {
            name: "service features",
            f1: 0.9,
            logLoss: losses.reduce((x, y) => x + y) / 4,
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

  it("refuses runs over different pairs or without per-pair losses", () => {
    expect(() => compareRuns(run(18, [0, 0, 0, 0]), run(19, [0, 0, 0, 0], ["a", "b", "b", "c"]))).toThrow(
      /different pairs/,
    );
    const old = run(18, [0, 0, 0, 0]);
    delete old.results[0]?.groups;
    expect(() => compareRuns(old, run(19, [0, 0, 0, 0]))).toThrow(/no per-pair groups/);
  });
});
