import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { AblationInterval } from "../../report/ablation-intervals.ts";
import { ablationTable, creditedOn, type DatasetAblation, reading } from "./ablation-table.ts";

const row = (name: string, value: number, low: number, high: number): AblationInterval => ({
  name,
  features: [],
  f1: { value: 0.9, low: 0.88, high: 0.92 },
  gap: { value, low, high },
  noise: low <= 0 && high >= 0,
});

const ablations: DatasetAblation[] = [
  {
    dataset: "A",
    n: 100,
    rows: [
      row("final", 0, 0, 0),
      row("final - tags", -0.02, -0.03, -0.01),
      row("final - year", 0, -0.01, 0.01),
    ],
  },
  {
    dataset: "B",
    n: 50,
    rows: [
      row("final", 0, 0, 0),
      row("final - tags", 0.01, -0.01, 0.02),
      row("final - year", -0.05, -0.08, -0.02),
    ],
  },
];

describe("cross-dataset ablation", () => {
  it("reads a gap below 0 as help, above 0 as harm, and one holding 0 as noise", () => {
    expect(reading({ value: -0.01, low: -0.02, high: -0.001 })).toBe("helps");
    expect(reading({ value: 0.01, low: 0.001, high: 0.02 })).toBe("hurts");
    expect(reading({ value: 0, low: -0.01, high: 0.01 })).toBe("noise");
  });

  it("credits a group on each dataset where dropping it loses F1 beyond the interval", () => {
    expect(Object.fromEntries(creditedOn(ablations))).toEqual({ tags: ["A"], year: ["B"] });
    const noisy = [{ ...(ablations[0] as DatasetAblation), rows: [row("final - x", 0, -0.01, 0.01)] }];
    expect(creditedOn(noisy).get("x")).toEqual([]);
  });

  it("prints one line per group with its gap on every dataset in points", () => {
    const table = ablationTable(ablations);
    expect(table).toContain("| tags | **-2.00 [-3.00, -1.00]** helps | 1.00 [-1.00, 2.00] | A |");
    expect(table).toContain("| year | 0.00 [-1.00, 1.00] | **-5.00 [-8.00, -2.00]** helps | B |");
    expect(table).toContain("A (100 test pairs)");
  });
});

describe("npm run bench:ablation", () => {
  it("names every missing dataset file and exits 1 before any refit", () => {
    const run = spawnSync(
      "npx",
      ["tsx", "training/benchmarks/quality/ablation-main.ts", "--shared", "/nonexistent-datasets"],
      { encoding: "utf8" },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("/nonexistent-datasets/itunes-amazon/Dirty/test.txt");
    expect(run.stderr).toContain("/nonexistent-datasets/musicbrainz-20k/musicbrainz_20k.csv");
    expect(run.stderr).not.toContain("data/db.db");
  });
});
