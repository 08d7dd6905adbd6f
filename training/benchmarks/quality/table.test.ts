import { describe, expect, it } from "vitest";
import type { QualityRow } from "./row.ts";
import { qualityMarkdown } from "./table.ts";

const row = (system: string, f1: number, note?: string): QualityRow => ({
  dataset: "iTunes-Amazon Dirty",
  system,
  n: note ? 0 : 109,
  precision: note ? Number.NaN : 0.9,
  recall: note ? Number.NaN : 0.95,
  f1,
  ...(note ? { note } : { f1Interval: { low: 0.85, high: 0.97 } }),
});

describe("qualityMarkdown", () => {
  const page = qualityMarkdown(
    [
      row("sr-match", 0.9231),
      row("published: Ditto", 0.9565, "other model"),
      row("published: Magellan", 0.468, "other model"),
    ],
    {
      generatedAt: "2026-12-06T17:00:00.000Z",
      featureVersion: 18,
      command: "npm run bench:quality",
      notes: ["F1 intervals: bootstrap."],
    },
  );

  it("names the run and prints every row, ours with its interval", () => {
    expect(page).toContain("`npm run bench:quality` at 2026-12-06T17:00:00.000Z, feature version 18");
    expect(page).toContain(
      "| iTunes-Amazon Dirty | sr-match | 109 | 90.00 | 95.00 | **92.31** | 85.00–97.00 |",
    );
    expect(page).toContain("| iTunes-Amazon Dirty | published: Ditto | — | — | — | 95.65 | — |");
    expect(page).toContain("F1 intervals: bootstrap.");
  });

  it("writes a note shared by several rows once, naming them", () => {
    expect(page.match(/other model/g)).toHaveLength(1);
    expect(page).toContain("- **iTunes-Amazon Dirty**, other model (published: Ditto; published: Magellan)");
  });
});
