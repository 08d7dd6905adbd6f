import { describe, expect, it } from "vitest";
import { generateSample } from "./catalog.ts";
import { ISRC_PATTERN } from "./isrc.ts";
import { pairFigures } from "./profile-figures.ts";

const small = generateSample({ pairs: 2000, seed: 7 });
const figure = (name: string): string | number | undefined =>
  pairFigures(small.pairs).find(([k]) => k === name)?.[1];
const share = (n: number, d: number): number => n / d;

describe("generateSample", () => {
  it("gives identical output for the same seed and different output for another", () => {
    const again = generateSample({ pairs: 2000, seed: 7 });
    expect(again).toEqual(small);
    const other = generateSample({ pairs: 2000, seed: 8 });
    expect(other.pairs.slice(3)).not.toEqual(small.pairs.slice(3));
  });

  it("produces exactly the requested number of pairs and rejects tiny sizes", () => {
    expect(small.pairs).toHaveLength(2000);
    expect(small.meta).toHaveLength(2000);
    expect(() => generateSample({ pairs: 50, seed: 1 })).toThrow(RangeError);
  });

  it("contains the README example records and pairs verbatim", () => {
    const byId = new Map(small.records.map((r) => [r.sr_id, r]));
    expect(byId.get("123")).toMatchObject({
      title: "Yesterday",
      artists: "Beatles The",
      isrcs: "None",
      contributors: "Lennon|McCartney",
    });
    expect(byId.get("456")).toMatchObject({
      title: "Yesterday",
      artists: "The Beatles",
      isrcs: "GBAYE6500521",
      contributors: "John Lennon|Paul McCartney",
    });
    expect(byId.get("789")).toMatchObject({
      title: "Yesterday",
      artists: "Elvis Presley",
      isrcs: "USRC16908444",
      contributors: "John Lennon|Paul McCartney|Elvis Presley",
    });
    expect(small.pairs).toEqual(
      expect.arrayContaining([
        { q: "123", m: "456", tag: "valid" },
        { q: "123", m: "789", tag: "invalid" },
        { q: "456", m: "789", tag: "invalid" },
      ]),
    );
  });

  it("numbers records 1..N by first appearance in the pairs, one record per id", () => {
    const order: string[] = [];
    for (const p of small.pairs) for (const id of [p.q, p.m]) if (!order.includes(id)) order.push(id);
    expect(small.records.map((r) => r.sr_id)).toEqual(order);
    expect(small.records.map((r) => r.id)).toEqual(order.map((_, i) => i + 1));
  });

  it("has no self pairs and uses <source>__<native id> for every id but the example", () => {
    expect(small.pairs.filter((p) => p.q === p.m)).toEqual([]);
    const odd = small.records.filter((r) => !/^[a-z0-9_]+__\S/.test(r.sr_id)).map((r) => r.sr_id);
    expect(odd).toEqual(["123", "456", "789"]);
    expect(small.records.filter((r) => r.sr_id.includes(" "))).toHaveLength(1);
  });

  it("writes isrcs as '', 'None' or 12-character codes, several joined by | or ,", () => {
    const bad = small.records.filter(
      (r) =>
        r.isrcs !== "" && r.isrcs !== "None" && !r.isrcs.split(/[|,]/).every((c) => ISRC_PATTERN.test(c)),
    );
    expect(bad).toEqual([]);
    expect(small.records.some((r) => /[|,]/.test(r.isrcs))).toBe(true);
  });

  it("joins artists with ', ' and contributors with '|'; artists are empty only when the title holds them", () => {
    expect(small.records.filter((r) => r.artists.includes("|"))).toEqual([]);
    expect(small.records.filter((r) => r.artists.trim() === "" && !r.title.includes(" - "))).toEqual([]);
    expect(
      small.records.filter(
        (r) => r.contributors.split("|").some((c) => c.trim() === "") && r.contributors !== "",
      ),
    ).toEqual([]);
    expect(small.records.some((r) => r.artists.includes(", "))).toBe(true);
    expect(small.records.some((r) => r.artists.includes(" & "))).toBe(true);
  });

  it("keeps the profile's proportions at a small size", () => {
    const n = small.records.length;
    const valid = small.pairs.filter((p) => p.tag === "valid").length;
    expect(share(valid, 2000)).toBeGreaterThan(0.34);
    expect(share(valid, 2000)).toBeLessThan(0.38);
    const missingContrib = small.records.filter(
      (r) => r.contributors === "" || r.contributors === "None",
    ).length;
    expect(share(missingContrib, n)).toBeGreaterThan(0.25);
    expect(share(missingContrib, n)).toBeLessThan(0.45);
    const missingIsrc = small.records.filter((r) => r.isrcs === "" || r.isrcs === "None").length;
    expect(share(missingIsrc, n)).toBeGreaterThan(0.05);
    expect(share(missingIsrc, n)).toBeLessThan(0.2);
    const embedded = small.records.filter((r) => /[A-Z]{2} ?[A-Z0-9]{3} ?\d{7}/.test(r.sr_id)).length;
    expect(share(embedded, n)).toBeGreaterThan(0.14);
    expect(share(embedded, n)).toBeLessThan(0.28);
    const sameSource = String(figure("pairs joining two ids of one source"));
    expect(Number(sameSource.split(" ")[0]) / 2000).toBeGreaterThan(0.13);
    expect(Number(sameSource.split(" ")[0]) / 2000).toBeLessThan(0.25);
  });

  it("reproduces the profile's graph quirks: repeats, reused ids, a non-transitive label", () => {
    expect(figure("rows repeating a pair")).toBeGreaterThanOrEqual(1);
    expect(figure("rows repeating a pair reversed")).toBeGreaterThanOrEqual(1);
    expect(figure("invalid pairs inside a valid component")).toBe(1);
    expect(Number(figure("largest valid component"))).toBeGreaterThanOrEqual(5);
    expect(Number(figure("ids on both sides"))).toBeGreaterThan(20);
    expect(figure("ids appearing 5x")).toBeUndefined();
  });

  it("makes every hard-negative kind and keeps ISRC equality an imperfect signal", () => {
    const kinds = new Set(small.meta.map((m) => m.kind));
    for (const k of [
      "duplicate",
      "version",
      "cover",
      "similar-title",
      "re-recording",
      "same-title",
      "unrelated",
    ]) {
      expect(kinds).toContain(k);
    }
    const isrc = new Map(small.records.map((r) => [r.sr_id, r.isrcs]));
    const equal = (q: string, m: string) =>
      ISRC_PATTERN.test(isrc.get(q) ?? "") && isrc.get(q) === isrc.get(m);
    const validEq = small.pairs.filter((p) => p.tag === "valid" && equal(p.q, p.m)).length;
    const validAll = small.pairs.filter((p) => p.tag === "valid").length;
    expect(share(validEq, validAll)).toBeGreaterThan(0.6);
    expect(share(validEq, validAll)).toBeLessThan(0.9);
  });
});
