import { describe, expect, it } from "vitest";
import { compareModels } from "./champion.ts";

// 400 test pairs, half valid; scores that rank them perfectly or with many mistakes.
const labels = Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 1 : 0));
const perfect = labels.map((l) => (l === 1 ? 0.9 : 0.1));
const noisy = labels.map((l, i) => (i % 5 === 0 ? 1 - l : l) * 0.8 + 0.1);

describe("compareModels", () => {
  it("ships a challenger that equals the champion: the F1 difference interval holds zero", () => {
    const result = compareModels(
      labels,
      { scores: perfect, threshold: 0.5 },
      { scores: perfect, threshold: 0.5 },
    );
    expect(result.difference).toBe(0);
    expect(result.interval).toEqual([0, 0]);
    expect(result.ships).toBe(true);
  });

  it("refuses a challenger worse beyond the bootstrap interval", () => {
    const result = compareModels(
      labels,
      { scores: perfect, threshold: 0.5 },
      { scores: noisy, threshold: 0.5 },
    );
    expect(result.challenger.f1).toBeCloseTo(0.8, 2);
    expect(result.interval[1]).toBeLessThan(0);
    expect(result.ships).toBe(false);
  });

  it("ships a better challenger and reports both models' metrics", () => {
    const result = compareModels(
      labels,
      { scores: noisy, threshold: 0.5 },
      { scores: perfect, threshold: 0.5 },
    );
    expect(result.interval[0]).toBeGreaterThan(0);
    expect(result.ships).toBe(true);
    expect(result.champion.n).toBe(400);
  });
});
