import { describe, expect, it } from "vitest";
import { Rng } from "./rng.ts";

describe("Rng", () => {
  it("repeats its sequence for the same seed", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it("keeps int() within its inclusive bounds and reaches both ends", () => {
    const r = new Rng(1);
    const seen = new Set(Array.from({ length: 500 }, () => r.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it("follows the weights in weighted()", () => {
    const r = new Rng(9);
    const n = Array.from({ length: 4000 }, () => r.weighted(["a", "b"], [3, 1])).filter(
      (s) => s === "a",
    ).length;
    expect(n / 4000).toBeGreaterThan(0.7);
    expect(n / 4000).toBeLessThan(0.8);
  });
});
