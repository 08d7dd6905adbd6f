import { describe, expect, it } from "vitest";
import { FEATURE_NAMES } from "../../lambda/features.ts";
import { crossValidate, groupBootstrapMean, recordGroups } from "./cross-validation.ts";
import type { ItunesPair } from "./parse.ts";
import { toExamples } from "./records.ts";

const record = (song: string, artist: string) => ({ Song_Name: song, Artist_Name: artist, Time: "3:30" });
const pair = (left: Record<string, string>, right: Record<string, string>, label: number): ItunesPair => ({
  left,
  right,
  label,
  line: `${JSON.stringify(left)}\t${JSON.stringify(right)}\t${label}`,
});

const SONGS = [
  "Blue Horizon",
  "Paper Lanterns",
  "Cold Harbour",
  "Neon Rivers",
  "Silver Morning",
  "Golden Hour",
  "Quiet Storm",
  "Last Train Home",
  "Wild Orchard",
  "Midnight Ferry",
  "Stone Garden",
  "Velvet Skies",
  "Broken Compass",
  "Open Water",
  "Northern Lights",
  "Falling Leaves",
  "City of Glass",
  "Running Late",
  "Summer Rain",
  "Hollow Bones",
];
const ARTISTS = ["Ana Ruiz", "The Driftwood Band", "Kofi Mensah", "Lena Berg", "Marco Neri"];

/** One match (the same song written two ways) and one non-match (two songs of one artist) per song. */
function benchmark(): ItunesPair[] {
  return SONGS.flatMap((song, i) => {
    const artist = ARTISTS[i % ARTISTS.length] as string;
    const other = SONGS[(i + 7) % SONGS.length] as string;
    return [
      pair(record(song, artist), record(`${song.toUpperCase()} (feat. Guest)`, artist), 1),
      pair(record(`${song} `, artist), record(other, artist), 0),
    ];
  });
}

describe("recordGroups", () => {
  it("puts pairs that share a record text in one group and others apart", () => {
    const a = record("One", "X");
    const groups = recordGroups([
      pair(a, record("One!", "X"), 1),
      pair(record("Two", "Y"), a, 0),
      pair(record("Three", "Z"), record("Four", "Z"), 0),
    ]);
    expect(groups[0]).toBe(groups[1]);
    expect(groups[2]).not.toBe(groups[0]);
  });
});

describe("crossValidate", () => {
  it("finds, in every repeat, the one label that contradicts the rest", () => {
    const pairs = benchmark();
    // One non-match tagged as a match: a fit on the other pairs rejects it in every fold it is held out.
    const flipped = 3;
    (pairs[flipped] as ItunesPair).label = 1;
    const examples = toExamples(pairs, "cv");
    const cv = crossValidate(examples, recordGroups(pairs), FEATURE_NAMES, { folds: 4, repeats: 2 });
    expect(cv.repeatF1).toHaveLength(2);
    expect(cv.alwaysWrong).toContain(flipped);
    expect(cv.falseNegatives).toBeGreaterThanOrEqual(1);
    // 41 pairs in folds of about 10: a fold's threshold misses a pair or two besides the flipped one.
    expect(cv.f1).toBeGreaterThan(0.85);
    expect(cv.f1).toBeLessThan(1);
    expect(cv.f1Interval.low).toBeLessThanOrEqual(cv.repeatF1[0] as number);
  });

  it("scores a contradicting label as a higher out-of-fold log-loss", () => {
    const pairs = benchmark();
    const clean = crossValidate(toExamples(pairs, "cv"), recordGroups(pairs), FEATURE_NAMES, {
      folds: 4,
      repeats: 2,
    });
    (pairs[3] as ItunesPair).label = 1;
    const noisy = crossValidate(toExamples(pairs, "cv"), recordGroups(pairs), FEATURE_NAMES, {
      folds: 4,
      repeats: 2,
    });
    expect(clean.logLoss).toBeGreaterThan(0);
    expect(noisy.logLoss).toBeGreaterThan(clean.logLoss);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(noisy.pairLogLoss)).toBeCloseTo(noisy.logLoss, 12);
    expect(noisy.pairLogLoss[3]).toBe(Math.max(...noisy.pairLogLoss));
  });
});

describe("groupBootstrapMean", () => {
  it("gives a constant gap as its own interval", () => {
    expect(groupBootstrapMean([-0.5, -0.5, -0.5], ["a", "b", "b"])).toEqual({
      value: -0.5,
      low: -0.5,
      high: -0.5,
    });
  });

  it("resamples whole groups: one group's ten pairs widen the interval more than ten lone pairs", () => {
    const gaps = [...new Array<number>(10).fill(-1), ...new Array<number>(10).fill(0)];
    const lone = gaps.map((_, i) => `pair ${i}`);
    const grouped = gaps.map((_, i) => (i < 10 ? "one record" : `pair ${i}`));
    const [a, b] = [groupBootstrapMean(gaps, lone), groupBootstrapMean(gaps, grouped)];
    expect(a.value).toBe(-0.5);
    expect(b.value).toBe(-0.5);
    expect(b.high - b.low).toBeGreaterThan(a.high - a.low);
    expect(a.low).toBeLessThan(-0.5);
    expect(a.high).toBeGreaterThan(-0.5);
  });
});
