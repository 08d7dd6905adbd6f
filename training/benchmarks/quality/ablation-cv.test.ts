import { describe, expect, it } from "vitest";
import { FEATURE_NAMES, type FeatureName } from "../../../lambda/features.ts";
import type { Example } from "../../dataset.ts";
import { crossValidatedAblation, crossValidatedContext } from "./ablation-cv.ts";
import { reading } from "./ablation-table.ts";

/** A seeded uniform draw in [0, 1) (a linear congruential generator), so the pairs repeat. */
function draws(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Pairs whose label only title_sim tells (with overlap), every other feature noise or 0. */
function examples(count: number): Example[] {
  const next = draws(7);
  return Array.from({ length: count }, (_, i) => {
    const label = i % 3 === 0 ? 1 : 0;
    const features = FEATURE_NAMES.map((name) => {
      if (name === "title_sim") return label ? 0.4 + 0.6 * next() : 0.6 * next();
      return name === "album_sim" ? next() : 0;
    });
    return { pair: { q: `q${i}`, m: `m${i}`, tag: label ? "valid" : "invalid" }, features, label };
  });
}

const group = (name: string, features: FeatureName[]) => ({ name, features });

describe("crossValidatedAblation", () => {
  it("decides every pair once and credits the feature that tells the labels, not the noise", () => {
    const context = crossValidatedContext("synthetic", examples(900), 1);
    expect(context.final).toHaveLength(900);
    const ablation = crossValidatedAblation(context, [
      group("title", ["title_sim"]),
      group("album", ["album_sim"]),
    ]);
    expect(ablation).toMatchObject({ dataset: "synthetic", n: 900 });
    const gap = (name: string) => ablation.rows.find((r) => r.name === `final - ${name}`)?.gap;
    expect(reading(gap("title") ?? { value: 0, low: 0, high: 0 })).toBe("helps");
    expect(reading(gap("album") ?? { value: 0, low: -1, high: 1 })).toBe("noise");
    expect(ablation.rows[0]?.f1.value).toBeGreaterThan(0.7);
  });

  it("leaves out a pair whose two records fall in two groups of the split", () => {
    // A chain r0 - r1 - r2 ... of 600 pairs is one component too large to keep whole: the split groups
    // it by its valid pairs (r0 r1, r2 r3, ...), and each invalid link between two such groups goes.
    const chain = examples(600).map(
      (e, i): Example => ({
        ...e,
        pair: { q: `r${i}`, m: `r${i + 1}`, tag: i % 2 === 0 ? "valid" : "invalid" },
        label: i % 2 === 0 ? 1 : 0,
      }),
    );
    const context = crossValidatedContext("synthetic", [...examples(300), ...chain], 1);
    expect(context.examples).toHaveLength(600);
    expect(context.examples.filter((e) => e.pair.q.startsWith("r")).every((e) => e.label === 1)).toBe(true);
  });
});
