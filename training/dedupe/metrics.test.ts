import { describe, expect, it } from "vitest";
import { bcubedScores, blockingAnalysis, pairwiseScores } from "./metrics.ts";

describe("pairwiseScores", () => {
  it("is perfect for the true clustering whatever the labels are called", () => {
    expect(pairwiseScores([7, 7, 8], ["x", "x", "y"])).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it("counts a merge of two true clusters as false positive pairs", () => {
    // predicted {0,1,2}: 3 pairs, 1 true; truth {0,1},{2}: 1 pair.
    expect(pairwiseScores([1, 1, 1], ["x", "x", "y"])).toMatchObject({ precision: 1 / 3, recall: 1 });
  });
});

describe("bcubedScores", () => {
  it("averages per record the shares of its predicted and true clusters", () => {
    const s = bcubedScores([1, 1, 1], ["x", "x", "y"]);
    expect(s.precision).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3) / 3);
    expect(s.recall).toBe(1);
  });
});

describe("blockingAnalysis", () => {
  it("gives per rule its candidates, the true pairs only it finds, and cumulative completeness", () => {
    const masks = new Map([
      ["0|1", 0b01],
      ["1|2", 0b11],
      ["2|3", 0b10],
      ["0|3", 0b10],
    ]);
    const rows = blockingAnalysis(
      ["rule_a", "rule_b"],
      [...masks.values()],
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      (a, b) => masks.get(`${a}|${b}`) ?? 0,
    );
    expect(rows).toEqual([
      {
        source: "rule_a",
        candidates: 2,
        truePairsFound: 1,
        truePairsOnlyHere: 1,
        cumulativeCandidates: 2,
        cumulativePairsCompleteness: 1 / 3,
      },
      {
        source: "rule_b",
        candidates: 3,
        truePairsFound: 1,
        truePairsOnlyHere: 1,
        cumulativeCandidates: 4,
        cumulativePairsCompleteness: 2 / 3,
      },
    ]);
  });
});
