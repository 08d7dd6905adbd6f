import { describe, expect, it } from "vitest";
import { bootstrapF1, f1IntervalFromConfusion, formatInterval, isNoise } from "./bootstrap.ts";

const labels = Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 1 : 0));
const perfect = labels.slice();
const fewMisses = labels.map((y, i) => (y === 1 && i % 30 === 0 ? 0 : y));
const coinFlip = labels.map((_, i) => (i % 2 === 0 ? 1 : 0));

describe("bootstrapF1", () => {
  it("gives each model its F1 inside its own 95 % interval", () => {
    const { f1 } = bootstrapF1(labels, { perfect, fewMisses, coinFlip }, "perfect");
    for (const i of Object.values(f1)) {
      expect(i.low).toBeLessThanOrEqual(i.value);
      expect(i.high).toBeGreaterThanOrEqual(i.value);
    }
    expect(f1.perfect).toEqual({ value: 1, low: 1, high: 1 });
    expect(f1.coinFlip.high).toBeLessThan(f1.fewMisses.low);
  });

  it("calls a gap noise when the models differ on a handful of pairs, and real when they differ a lot", () => {
    const oneMiss = labels.map((y, i) => (i === 0 ? 0 : y));
    const { gaps } = bootstrapF1(labels, { perfect, oneMiss, coinFlip }, "perfect");
    expect(gaps.perfect).toEqual({ value: 0, low: 0, high: 0 });
    expect(isNoise(gaps.oneMiss)).toBe(true);
    expect(isNoise(gaps.coinFlip)).toBe(false);
    expect(gaps.coinFlip.high).toBeLessThan(0);
  });

  it("is reproducible for a seed", () => {
    const a = bootstrapF1(labels, { fewMisses, coinFlip }, "fewMisses", 200, 5);
    const b = bootstrapF1(labels, { fewMisses, coinFlip }, "fewMisses", 200, 5);
    expect(a).toEqual(b);
    expect(formatInterval(a.f1.fewMisses)).toMatch(/^0\.\d{4} \[0\.\d{4}, 0\.\d{4}\]$/);
  });
});

describe("f1IntervalFromConfusion", () => {
  it("equals the pair-level bootstrap of the same counts and widens on fewer pairs", () => {
    const small = f1IntervalFromConfusion({ tp: 24, fp: 1, fn: 3, tn: 81 });
    const large = f1IntervalFromConfusion({ tp: 240, fp: 10, fn: 30, tn: 810 });
    expect(small.value).toBeCloseTo(48 / 52, 10);
    expect(large.value).toBeCloseTo(small.value, 10);
    expect(small.high - small.low).toBeGreaterThan(2 * (large.high - large.low));
  });
});
