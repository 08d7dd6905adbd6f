import { describe, expect, it } from "vitest";
import { gramHashes } from "./embed.ts";
import {
  bandNeighbours,
  fillBand,
  type MinhashRow,
  minhashLabel,
  minhashLayout,
  minhashNeighbours,
  minhashRows,
  minhashTables,
  neighbourPairs,
  signRows,
} from "./minhash.ts";

/** Pairs [row, neighbour, ...] as each row's list of neighbours. */
function lists(pairs: Uint32Array, n: number): number[][] {
  const out: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < pairs.length; i += 2) out[pairs[i] as number]?.push(pairs[i + 1] as number);
  return out;
}

/** Seeded pseudo-words (a small LCG), so the texts are the same on every run. */
function randomTexts(n: number): string[] {
  let state = 2024;
  const next = (m: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % m;
  };
  const word = () =>
    Array.from({ length: 3 + next(6) }, () => "abcdefghijklmnopqrstuvwxyz"[next(26)]).join("");
  return Array.from({ length: n }, () => Array.from({ length: 3 + next(3) }, word).join(" "));
}

/** One slip in a text: a letter dropped, doubled or swapped with the next. */
function typo(text: string, at: number): string {
  const i = 1 + (at % (text.length - 2));
  return [
    text.slice(0, i) + text.slice(i + 1),
    text.slice(0, i) + text[i] + text.slice(i),
    text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2),
  ][at % 3] as string;
}

describe("minhashNeighbours", () => {
  const texts = [
    "barodarho (live at metro) | barodarho",
    "barodarho (livpe at metro) | barodarho",
    "yesterday | the beatles",
    "yesterday | beatles the",
    "let it be | the beatles",
    "purple rain | prince",
  ];
  const found = lists(minhashNeighbours(texts, 1), texts.length);

  it("gives a text spelt with a typo or its words reordered as the other's nearest neighbour", () => {
    expect(found[0]).toEqual([1]);
    expect(found[1]).toEqual([0]);
    expect(found[2]).toEqual([3]);
    expect(found[3]).toEqual([2]);
  });

  it("never gives a text itself, nor more than k neighbours", () => {
    const all = lists(minhashNeighbours(texts, 3), texts.length);
    all.forEach((list, row) => {
      expect(list).not.toContain(row);
      expect(list.length).toBeLessThanOrEqual(3);
      expect(new Set(list).size).toBe(list.length);
    });
    expect(found[5]).toEqual([]);
  });

  it("ranks the typo twin of 98 % of 2,000 texts first, among 2,000 unrelated ones", () => {
    const base = randomTexts(2_000);
    const all = [...base, ...base.map((text, i) => typo(text, i))];
    const near = lists(minhashNeighbours(all, 1), all.length);
    const twins = base.filter((_, i) => near[i]?.[0] === i + base.length).length;
    expect(twins / base.length).toBeGreaterThanOrEqual(0.98);
  });

  it("proposes nothing from a bucket larger than maxBucket", () => {
    const same = Array.from({ length: 8 }, () => "intro | various artists");
    expect(minhashNeighbours(same, 2, { maxBucket: 7 }).length).toBe(0);
    expect(lists(minhashNeighbours(same, 2, { maxBucket: 8 }), 8)[5]).toEqual([0, 1]);
  });

  it("proposes no pair that agrees on fewer than a quarter of its hash values", () => {
    // A text made of the first word or two of one text and the whole of another: it shares a part of
    // each, and meets some far texts in a band all the same.
    const base = randomTexts(600);
    const lead = (text: string, words: number) => text.split(" ").slice(0, words).join(" ");
    const texts = [
      ...base,
      ...base.map((text, i) => `${lead(text, 1 + (i % 2))} ${base[(i * 7 + 3) % 600]}`),
    ];
    const rows = minhashRows(texts);
    const agree = (i: number, j: number) =>
      (rows[i] as MinhashRow).low.filter((v, h) => v === (rows[j] as MinhashRow).low[h]).length;
    const all = lists(minhashNeighbours(texts, 4, { minSimilarity: 0 }), texts.length);
    const kept = lists(minhashNeighbours(texts, 4), texts.length);
    expect(kept).toEqual(all.map((list, i) => list.filter((j) => agree(i, j) >= 16)));
    const dropped = all.flat().length - kept.flat().length;
    expect(dropped).toBeGreaterThan(100);
    expect(kept.flat().length).toBeGreaterThan(100);
  });

  it("names its settings in a run's label, with where the search ran", () => {
    expect(minhashLabel(10)).toBe("minhash-char-3gram 32x2 LSH, top k=10, similarity ≥ 0.25");
    expect(minhashLabel(5, " in SQL (2 parts)")).toBe(
      "minhash-char-3gram 32x2 LSH in SQL (2 parts), top k=5, similarity ≥ 0.25",
    );
  });

  it("rejects a signature whose length is not a multiple of 4", () => {
    expect(() => minhashNeighbours(texts, 1, { bands: 3, rows: 1 })).toThrow(RangeError);
  });
});

describe("the search's steps", () => {
  /** The signature as documented: per hash function h, the least murmur3 fmix32(gram ^ seed_h). */
  function referenceSignature(text: string, width: number): number[] {
    const fmix = (value: number) => {
      let x = value >>> 0;
      x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
      x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
      return (x ^ (x >>> 16)) >>> 0;
    };
    const grams = gramHashes(text, 3);
    return Array.from({ length: width }, (_, h) => {
      const seed = Math.imul(h + 1, 0x9e3779b1) >>> 0;
      return grams.reduce((least, g) => Math.min(least, fmix(g ^ seed)), 0xffffffff);
    });
  }

  it("signs each text with the least hash of its n-grams per function, short and long texts alike", () => {
    const long = randomTexts(40).join(" ");
    const texts = ["yesterday | the beatles", long, "", "ab", "yesterday | the beatles"];
    const layout = minhashLayout();
    const tables = minhashTables(texts.length, layout, false);
    signRows(texts, tables, 0, texts.length);
    texts.forEach((text, i) => {
      const row = Array.from(tables.signature.subarray(i * layout.width, (i + 1) * layout.width));
      expect(row).toEqual(referenceSignature(text, layout.width));
      expect(Array.from(tables.lowBytes.subarray(i * layout.width, (i + 1) * layout.width))).toEqual(
        row.map((v) => v & 0xff),
      );
    });
    expect(long.length).toBeGreaterThan(200);
  });

  it("gives, merged from lists of band ranges, the neighbours of all bands at once", () => {
    const base = randomTexts(400);
    const texts = [
      ...base,
      ...base.map((text, i) => typo(text, i)),
      ...base.slice(0, 50).map((t) => typo(t, 7)),
    ];
    const layout = minhashLayout();
    const tables = minhashTables(texts.length, layout, false);
    signRows(texts, tables, 0, texts.length);
    for (let band = 0; band < layout.bands; band++) fillBand(tables, band);
    const whole = neighbourPairs(3, texts.length, [bandNeighbours(3, tables, 0, layout.bands)]);
    const cuts = [0, 1, 9, 20, layout.bands];
    const parts = cuts.slice(1).map((to, i) => bandNeighbours(3, tables, cuts[i] as number, to));
    expect(Array.from(neighbourPairs(3, texts.length, parts))).toEqual(Array.from(whole));
    expect(Array.from(whole)).toEqual(Array.from(minhashNeighbours(texts, 3)));
    // A twin meets its original in many bands, and is listed once.
    lists(whole, texts.length).forEach((list) => {
      expect(new Set(list).size).toBe(list.length);
    });
  });
});

describe("minhashRows: the search as a table join (the batch engine's SQL)", () => {
  /**
   * The SQL of MINHASH_PART (one part) over the rows: meet in a bucket of at most 30, agree on at
   * least 16 of the 64 low bytes, rank by equal low bytes.
   */
  function joined(texts: string[], k: number): number[][] {
    const rows = minhashRows(texts);
    const buckets = new Map<number, number[]>();
    rows.forEach((row, i) => {
      for (const b of row.buckets) buckets.set(b, [...(buckets.get(b) ?? []), i]);
    });
    return rows.map((row, i) => {
      const met = new Set<number>();
      for (const b of row.buckets) {
        const members = buckets.get(b) as number[];
        if (members.length <= 30) for (const j of members) if (j !== i) met.add(j);
      }
      const same = (j: number) => row.low.filter((v, h) => v === (rows[j] as typeof row).low[h]).length;
      return [...met]
        .filter((j) => same(j) >= 16)
        .sort((x, y) => same(y) - same(x) || x - y)
        .slice(0, k);
    });
  }

  it("finds each text's neighbours as minhashNeighbours does, full buckets proposing none", () => {
    const base = randomTexts(300);
    // 40 copies of one text fill its buckets past the limit; typo'd twins meet their originals.
    const texts = [
      ...base,
      ...base.slice(0, 100).map(typo),
      ...Array.from({ length: 40 }, () => "same old song"),
    ];
    const k = 5;
    expect(joined(texts, k)).toEqual(lists(minhashNeighbours(texts, k), texts.length));
    expect(joined(texts, k).at(-1)).toEqual([]);
    expect(joined(texts, k)[300]).toContain(0);
  });

  it("gives each band its own buckets and one low byte per hash value", () => {
    const [row] = minhashRows(["yesterday the beatles"]);
    expect(row?.buckets).toHaveLength(32);
    expect(new Set(row?.buckets.map((b) => Math.floor(b / 2 ** 32)))).toEqual(
      new Set(Array.from({ length: 32 }, (_, band) => band)),
    );
    expect(row?.low).toHaveLength(64);
    expect(row?.low.every((v) => Number.isInteger(v) && v >= 0 && v < 256)).toBe(true);
  });
});
