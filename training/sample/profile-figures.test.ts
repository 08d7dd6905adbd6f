import { describe, expect, it } from "vitest";
import { pairFigures } from "./profile-figures.ts";
import type { LabelledPair } from "./types.ts";

const v = (q: string, m: string): LabelledPair => ({ q, m, tag: "valid" });
const x = (q: string, m: string): LabelledPair => ({ q, m, tag: "invalid" });

describe("pairFigures", () => {
  const pairs = [
    v("a__1", "a__2"),
    v("a__2", "b__3"),
    x("a__1", "b__3"),
    v("a__1", "a__2"),
    x("b__4", "c__5"),
    x("c__5", "b__4"),
  ];
  const f = new Map(pairFigures(pairs));

  it.each([
    ["pairs", 6],
    ["distinct ids", 5],
    ["rows repeating a pair", 1],
    ["rows repeating a pair reversed", 1],
    ["largest valid component", 3],
    ["invalid pairs inside a valid component", 1],
    ["ids on both sides", 3],
    ["ids appearing 3x", 2],
    ["sources", 3],
    ["pairs joining two ids of one source", "2 (33.3 %)"],
  ])("counts %s as %j", (name, value) => {
    expect(f.get(name)).toBe(value);
  });
});
