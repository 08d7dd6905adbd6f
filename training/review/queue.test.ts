import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { classifyPair, type Matcher } from "../../lambda/match.ts";
import { parseModel } from "../../lambda/model.ts";
import { readPairs } from "../csv.ts";
import { buildQueue, readDedupePairs } from "./queue.ts";
import { writeReviewFixture } from "./review-fixture.ts";

let matcher: Matcher;
let files: Awaited<ReturnType<typeof writeReviewFixture>>;

beforeAll(async () => {
  files = await writeReviewFixture();
  matcher = {
    catalog: await Catalog.open(readFileSync(files.db)),
    model: parseModel(readFileSync(files.model, "utf8")),
  };
});

describe("buildQueue", () => {
  it("puts band pairs first, then labels the model confidently contradicts, then dedupe links, each once", () => {
    const labelled = readPairs(files.groundtruth);
    const p = (q: string, m: string) => classifyPair(matcher, q, m).probability;
    // A band that holds c1-c2 only. Above it: b1-b2 (labelled valid), x1-x2 (labelled invalid) and
    // d1-d2 (same ISRC, relabelled invalid here); the two invalid ones are suspected label errors.
    const band = { lower: p("c1", "c2") - 1e-9, upper: p("c1", "c2") + 1e-9 };
    expect(p("x1", "x2")).toBeGreaterThan(band.upper);
    expect(p("d1", "d2")).toBeGreaterThan(p("x1", "x2"));
    const relabelled = labelled.map((pair) =>
      pair.q === "d1" ? { ...pair, tag: "invalid" as const } : pair,
    );
    const { items, unknown } = buildQueue({
      matcher,
      band,
      candidates: labelled,
      labelled: relabelled,
      dedupe: [
        { q: "a2", m: "b1", probability: 0.4, reason: "cluster 7 weak link" },
        { q: "d2", m: "d1", probability: 0.9, reason: "already queued" },
        { q: "x1", m: "nope", probability: 0.1, reason: "unknown id" },
      ],
    });
    expect(items.map((i) => [i.kind, i.q, i.m])).toEqual([
      ["band", "c1", "c2"],
      ["label-error", "d1", "d2"],
      ["label-error", "x1", "x2"],
      ["dedupe", "a2", "b1"],
    ]);
    expect(items[1]?.reason).toMatch(/labelled invalid, but the model gives 0\.\d{3}/);
    expect(items[3]?.reason).toMatch(/cluster 7 weak link/);
    expect(unknown).toBe(1);
  });
});

describe("readDedupePairs", () => {
  it("reads review-pairs.csv from the dedupe dir, and says undefined when the job has not run", () => {
    const dir = files.dir;
    expect(readDedupePairs(dir)).toBeUndefined();
    writeFileSync(
      join(dir, "review-pairs.csv"),
      'q_source_id,m_source_id,probability,reason\nx1,x2,0.41,"bridge, low title"\n',
    );
    expect(readDedupePairs(dir)).toEqual([
      { q: "x1", m: "x2", probability: 0.41, reason: "bridge, low title" },
    ]);
    writeFileSync(join(dir, "review-pairs.csv"), "q_source_id,m_source_id,probability,reason\nx1,x2,high,\n");
    expect(() => readDedupePairs(dir)).toThrow(/line 2/);
  });
});
