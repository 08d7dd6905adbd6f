import { describe, expect, it } from "vitest";
import type { Pair } from "../csv.ts";
import { mergeReviews } from "./merge-reviews.ts";
import { pairKey, type ReviewRow } from "./review-store.ts";

const row = (
  id: number,
  q: string,
  m: string,
  label: "valid" | "invalid",
): ReviewRow & { label: typeof label } => ({
  id,
  q,
  m,
  label,
  reviewer: "ana",
  decidedAt: "2026-01-01T00:00:00Z",
  modelVersion: "abc",
  probability: 0.5,
  reason: "",
  undoes: null,
});

describe("mergeReviews", () => {
  it("overrides reviewed groundtruth rows (either pair order) and adds pairs the groundtruth lacks", () => {
    const groundtruth: Pair[] = [
      { q: "a", m: "b", tag: "valid" },
      { q: "c", m: "d", tag: "invalid" },
      { q: "e", m: "f", tag: "valid" },
    ];
    const reviews = new Map([
      [pairKey("b", "a"), row(1, "b", "a", "invalid")],
      [pairKey("e", "f"), row(2, "e", "f", "valid")],
      [pairKey("x", "y"), row(3, "x", "y", "valid")],
    ]);
    const merged = mergeReviews(groundtruth, reviews);
    expect(merged.base.map((p) => p.tag)).toEqual(["invalid", "invalid", "valid"]);
    expect(merged.base[0]).toMatchObject({ q: "a", m: "b" });
    expect(merged.added).toEqual([{ q: "x", m: "y", tag: "valid" }]);
    expect([merged.reviewed, merged.changed]).toEqual([2, 1]);
  });
});
