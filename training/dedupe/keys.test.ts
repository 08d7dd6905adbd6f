import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareRecording } from "../../lambda/recording.ts";
import { CatalogFile } from "../catalog-file.ts";
import { applyRule, BLOCK_WINDOW, BLOCKING_RULES, blockKeys } from "./blocking.ts";
import { hashedNgramEmbedder } from "./embed.ts";
import { dedupeKeys, skeleton, skeletonByPatterns } from "./keys.ts";

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

  it("spells any ASCII text as the patterns do", () => {
    const letters = fc.string({ unit: fc.constantFrom(..."okhpuyYOHKP01 -aa".split("")), maxLength: 20 });
    fc.assert(
      fc.property(fc.oneof(letters, fc.string({ unit: "binary-ascii", maxLength: 30 })), (text) => {
        expect(skeleton(text)).toBe(skeletonByPatterns(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("spells a text longer than its buffer as the patterns do", () => {
    const long = "Khoroshaya Pesnya Oh ".repeat(60);
    expect(skeleton(long)).toBe(skeletonByPatterns(long));
  });
});

const rule = (name: string) => BLOCKING_RULES.find((r) => r.name === name) as (typeof BLOCKING_RULES)[number];

describe("the embedding text", () => {
  it("joins the title as stored, the artists, the album, the year and the length, each folded", () => {
    const keys = dedupeKeys(
      prepareRecording({
        sr_id: "1",
        title: "Yesterday (Remastered 2009)",
        artists: "Beatles The",
        isrcs: null,
        contributors: null,
        album: "Help!",
        year: 1965,
        duration_ms: 125_000,
      }),
    );
    expect(keys.embeddingText).toBe("yesterday remastered 2009 | beatles | help | y1965 | d025");
  });

  it("leaves out what is missing and writes other scripts in Latin letters", () => {
    const keys = dedupeKeys(
      prepareRecording({ sr_id: "2", title: "Мой сон", artists: null, isrcs: null, contributors: null }),
    );
    expect(keys.embeddingText).toBe("moi son");
  });
});

describe("blocking rules", () => {
  it("pairs records that share an ISRC", () => {
    const keys = [keysOf("A", "X", "GBAYE6500521"), keysOf("B", "Y", "GBAYE6500521"), keysOf("C", "Z")];
    expect([...applyRule(rule("isrc"), keys, 50).pairs]).toEqual([0, 1]);
  });

  it("pairs the same title core and artist name, whatever the article or version tag", () => {
    const keys = [keysOf("Yesterday", "Beatles The"), keysOf("Yesterday (Remastered 2009)", "The Beatles")];
    expect([...applyRule(rule("title_artist_word"), keys, 50).pairs]).toEqual([0, 1]);
  });

  it("pairs two shared artist words, and a one-word name with any name holding its word, but not names sharing one word", () => {
    const keys = [
      keysOf("Love", "Neil Young"),
      keysOf("Love", "Young Thug"),
      keysOf("Love (Live)", "Neil Young & Crazy Horse"),
      keysOf("Love", "Drake"),
      keysOf("Love", "Lil Wayne feat. Drake"),
      keysOf("Love", "Drake"),
    ];
    expect([...applyRule(rule("title_artist"), keys, 50).pairs]).toEqual([0, 2]);
    expect([...applyRule(rule("title_artist_word"), keys, 50).pairs]).toEqual([3, 4, 3, 5, 4, 5]);
  });

  it("pairs two shared contributor words, and a one-word credit with any credits holding it", () => {
    const credited = (sr_id: string, contributors: string) =>
      dedupeKeys(prepareRecording({ sr_id, title: "Yesterday", artists: null, isrcs: null, contributors }));
    const keys = [
      credited("a", "John Lennon|Paul McCartney"),
      credited("b", "Lennon|McCartney"),
      credited("c", "John Williams"),
      credited("d", "Lennon"),
    ];
    expect([...applyRule(rule("title_contributor"), keys, 50).pairs]).toEqual([0, 1]);
    expect([...applyRule(rule("title_contributor_word"), keys, 50).pairs]).toEqual([0, 3, 1, 3]);
  });

  it("pairs a Cyrillic title with its romanisation", () => {
    const keys = [keysOf("Мой сон", "Кино"), keysOf("Moy son", "Kino")];
    expect([...applyRule(rule("translit"), keys, 50).pairs]).toEqual([0, 1]);
  });

  it("pairs a record whose title has no letters with the records of its length and year, and no others", () => {
    const timed = (title: string | null, duration_ms: number, year: number | null) =>
      dedupeKeys(
        prepareRecording({
          sr_id: "x",
          title,
          artists: null,
          isrcs: null,
          contributors: null,
          duration_ms,
          year,
        }),
      );
    const keys = [
      timed("016-", 107_000, 2006), // the probe: a source stripped the Japanese title
      timed("深海の精", 106_980, 2006), // same song, the length cut a few ms short
      timed("Another Song", 107_000, 2006), // a titled record of the same length and year
      timed("Late Song", 107_000, 2007), // another year
      timed(null, 69_000, null), // a probe without a year
      timed("闇に笑ふ", 69_000, 1995),
    ];
    const out = applyRule(rule("titleless_length"), keys, 50);
    // Titled records of one length and year are not paired with each other: only with a probe.
    expect([...out.pairs]).toEqual([0, 1, 0, 2, 4, 5]);
  });

  it("pairs a title written with other fields after it with the title alone, when the lengths agree", () => {
    const timed = (title: string, artists: string | null, duration_ms: number) =>
      dedupeKeys(
        prepareRecording({ sr_id: title, title, artists, isrcs: null, contributors: null, duration_ms }),
      );
    const keys = [
      // iTunes-Amazon Dirty: one source writes artist, album and genre into the title.
      timed("Tackle Box Luke Bryan I'll Stay Me Country", null, 242_000),
      timed("Tackle Box", "Luke Bryan", 241_980),
      timed("Tackle Box", "Luke Bryan", 250_000), // another length
      timed("Tackle", "Luke Bryan", 242_000), // only one word of the title
    ];
    expect([...applyRule(rule("title_lead_length"), keys, 50).pairs]).toEqual([0, 1]);
    expect(rule("title_lead_length").keys(keys[1] as (typeof keys)[number])).toEqual([
      "tackle box|241",
      "tackle box|242",
    ]);
  });

  it("files a one-sided rule's non-probe records with a `-` mark for the SQL engine", () => {
    const probe = dedupeKeys(
      prepareRecording({
        sr_id: "p",
        title: "007-",
        artists: null,
        isrcs: null,
        contributors: null,
        duration_ms: 69_000,
      }),
    );
    const other = dedupeKeys(
      prepareRecording({
        sr_id: "o",
        title: "闇に笑ふ",
        artists: null,
        isrcs: null,
        contributors: null,
        duration_ms: 69_000,
      }),
    );
    expect(blockKeys(probe)).toContain("titleless_length:69|");
    expect(blockKeys(other)).toContain("-titleless_length:69|");
  });

  it("pairs a block larger than the cap by window: each record with the next BLOCK_WINDOW by sr_id, and counts it", () => {
    const size = BLOCK_WINDOW + 3;
    // The ids' order is not the records': the even records first, then the odd ones.
    const byRank = [...Array.from({ length: size }, (_, i) => i).filter((i) => i % 2 === 0)];
    byRank.push(...Array.from({ length: size }, (_, i) => i).filter((i) => i % 2 === 1));
    const keys = Array.from({ length: size }, (_, i) => ({
      ...keysOf("Intro", "DJ Shadow"),
      srId: `id-${String(byRank.indexOf(i)).padStart(2, "0")}`,
    }));
    const out = applyRule(rule("title_artist"), keys, 4);
    const expected: string[] = [];
    for (let a = 0; a < size; a++)
      for (let b = a + 1; b <= Math.min(size - 1, a + BLOCK_WINDOW); b++) {
        const [x, y] = [byRank[a] as number, byRank[b] as number];
        expected.push(`${Math.min(x, y)}-${Math.max(x, y)}`);
      }
    const found = Array.from(
      { length: out.pairs.length / 2 },
      (_, i) => `${out.pairs[2 * i]}-${out.pairs[2 * i + 1]}`,
    );
    expect(found.sort()).toEqual(expected.sort());
    expect(out).toMatchObject({ oversizedBlocks: 1, oversizedRecords: size });
    // At the cap the block is whole: every pair.
    expect(applyRule(rule("title_artist"), keys, size).pairs.length).toBe(size * (size - 1));
  });

  it("keeps a one-sided rule's window to pairs holding a probe", () => {
    // One one-word artist (the probe) among records whose artists hold that word with others.
    const keys = [
      keysOf("Intro", "Drake"),
      ...Array.from({ length: 8 }, (_, i) => keysOf("Intro", `Lil Wayne ${i} feat. Drake`)),
    ];
    const out = applyRule(rule("title_artist_word"), keys, 4);
    const pairs = [...out.pairs];
    expect(pairs.length).toBe(2 * BLOCK_WINDOW);
    for (let i = 0; i < pairs.length; i += 2) expect(pairs[i]).toBe(0);
  });
});

describe("the word-pair rules' numeric blocks", () => {
  // The shipped sample: 55,549 records with shared titles, bare titles and long credit lists.
  const catalog = CatalogFile.open("data/db.db");
  const keys = [...catalog.records()].map((r) => dedupeKeys(prepareRecording(r)));
  catalog.close();

  it.each(
    BLOCKING_RULES.filter((r) => r.wordPairParts).flatMap((r) => [
      [r.name, 50],
      [r.name, 3],
    ]),
  )("give %s the pairs, order and oversized blocks of its string keys (block cap %i)", (name, cap) => {
    const numeric = rule(name as string);
    const byStrings = { ...numeric, wordPairParts: undefined };
    const expected = applyRule(byStrings, keys, cap as number);
    expect(expected.pairs.length).toBeGreaterThan(1000);
    expect(applyRule(numeric, keys, cap as number)).toEqual(expected);
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
