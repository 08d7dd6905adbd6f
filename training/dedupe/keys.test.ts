import { describe, expect, it } from "vitest";
import { prepareRecording } from "../../lambda/recording.ts";
import { applyRule, BLOCKING_RULES } from "./blocking.ts";
import { hashedNgramEmbedder } from "./embed.ts";
import { dedupeKeys, skeleton } from "./keys.ts";

const keysOf = (title: string, artists: string, isrcs: string | null = null) =>
  dedupeKeys(prepareRecording({ sr_id: title, title, artists, isrcs, contributors: null }));

describe("skeleton", () => {
  it.each([
    ["Мой сон", "Moy son"],
    ["kaze ni eien", "KAZENIEIEN"],
    ["Satou", "sato"],
  ])("lets %s and %s meet", (a, b) => {
    expect(skeleton(a)).toBe(skeleton(b));
  });

  it("keeps different titles apart", () => {
    expect(skeleton("Yesterday")).not.toBe(skeleton("Tomorrow"));
  });
});

describe("blocking rules", () => {
  const rule = (name: string) =>
    BLOCKING_RULES.find((r) => r.name === name) as (typeof BLOCKING_RULES)[number];

  it("pairs records that share an ISRC", () => {
    const keys = [keysOf("A", "X", "GBAYE6500521"), keysOf("B", "Y", "GBAYE6500521"), keysOf("C", "Z")];
    expect([...applyRule(rule("isrc"), keys, 50).pairs]).toEqual([0, 1]);
  });

  it("pairs the same title core with a shared artist word, whatever the article or version tag", () => {
    const keys = [keysOf("Yesterday", "Beatles The"), keysOf("Yesterday (Remastered 2009)", "The Beatles")];
    expect([...applyRule(rule("title_artist"), keys, 50).pairs]).toEqual([0, 1]);
  });

  it("pairs a Cyrillic title with its romanisation", () => {
    const keys = [keysOf("Мой сон", "Кино"), keysOf("Moy son", "Kino")];
    expect([...applyRule(rule("translit"), keys, 50).pairs]).toEqual([0, 1]);
  });

  it("skips a block larger than the cap and counts it", () => {
    const keys = Array.from({ length: 5 }, () => keysOf("Intro", "DJ"));
    const out = applyRule(rule("title_artist"), keys, 4);
    expect(out.pairs.length).toBe(0);
    expect(out).toMatchObject({ skippedBlocks: 1, skippedRecords: 5 });
  });
});

describe("hashedNgramEmbedder", () => {
  it("gives unit vectors on which spelling variants are nearer than other songs", () => {
    const [a, b, c] = hashedNgramEmbedder({ dimensions: 128 }).embed([
      "yesterday | beatles",
      "yesterdey | the beatles",
      "purple rain | prince",
    ]) as Float32Array[];
    const dot = (x: Float32Array, y: Float32Array) => x.reduce((s, v, i) => s + v * (y[i] as number), 0);
    expect(dot(a as Float32Array, a as Float32Array)).toBeCloseTo(1, 5);
    expect(dot(a as Float32Array, b as Float32Array)).toBeGreaterThan(
      dot(a as Float32Array, c as Float32Array),
    );
  });
});
