import { describe, expect, it } from "vitest";
import type { Pair } from "../csv.ts";
import { groupSplit } from "../split.ts";
import { frozenSplit } from "./frozen-split.ts";

const base: Pair[] = Array.from({ length: 300 }, (_, i) => ({ q: `q${i}`, m: `m${i}`, tag: "valid" }));
const partOf = (split: ReturnType<typeof groupSplit<Pair>>, id: string) =>
  (["train", "validation", "test"] as const).find((part) =>
    split[part].some((p) => p.q === id || p.m === id),
  );

describe("frozenSplit", () => {
  const plain = groupSplit(base);

  it("splits the groundtruth exactly as groupSplit does when nothing is added", () => {
    const frozen = frozenSplit(base, []);
    expect([frozen.train, frozen.validation, frozen.test]).toEqual([
      plain.train,
      plain.validation,
      plain.test,
    ]);
    expect(frozen.dropped).toEqual([]);
  });

  it("keeps every placed pair where it was, and sends an added pair to the part of the ids it touches", () => {
    const testPair = plain.test[0] as Pair;
    const trainPair = plain.train[0] as Pair;
    const added: Pair[] = [
      { q: testPair.q, m: "new1", tag: "invalid" },
      { q: "new1", m: "new2", tag: "valid" },
      { q: "fresh1", m: "fresh2", tag: "valid" },
      // Joins a train recording to a test one: would put a recording on two sides.
      { q: trainPair.m, m: testPair.m, tag: "invalid" },
    ];
    const frozen = frozenSplit(base, added);
    for (const part of ["train", "validation", "test"] as const) {
      expect(frozen[part].slice(0, plain[part].length)).toEqual(plain[part]);
    }
    expect(partOf(frozen, "new2")).toBe("test");
    expect(partOf(frozen, "fresh1")).toBeDefined();
    expect(frozen.dropped).toEqual([added[3]]);
    const placed = frozen.train.length + frozen.validation.length + frozen.test.length;
    expect(placed).toBe(base.length + 3);
  });
});
