import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { respond } from "../../lambda/api.ts";
import { Catalog } from "../../lambda/catalog.ts";
import { catalogBytes, EXAMPLE_RECORDS } from "../../lambda/catalog-fixture.ts";
import { modelFixture } from "../../lambda/model-fixture.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { partialPath } from "../output-file.ts";
import { CandidateSet } from "./candidate-set.ts";
import { clusterIds } from "./cluster-ids.ts";
import { runDedupe } from "./pipeline.ts";
import { writeRetrievalIndex } from "./retrieval-index.ts";
import {
  CANDIDATES_HEADER,
  CLUSTERS_HEADER,
  csvField,
  REVIEW_HEADER,
  reviewPairs,
  writeCandidates,
  writeClusters,
  writeReviewPairs,
} from "./write.ts";

const RECORDS: SoundRecording[] = [
  ...EXAMPLE_RECORDS,
  { sr_id: "a1", title: "Мой сон", artists: "Кино", isrcs: null, contributors: null },
  { sr_id: "a2", title: "Moy son", artists: "Kino", isrcs: null, contributors: null },
  { sr_id: "b1", title: "Purple Rain", artists: "Prince", isrcs: "USWB10000001", contributors: null },
];

describe("runDedupe", () => {
  const result = runDedupe(RECORDS, modelFixture(), { k: 2 });

  it("proposes pairs from the rules and the embedding neighbours, scores and clusters them", () => {
    const cluster = (id: string) => result.clustering.clusterOf[result.srIds.indexOf(id)];
    expect(cluster("123")).toBe(cluster("456"));
    expect(cluster("a1")).toBe(cluster("a2"));
    expect(cluster("789")).not.toBe(cluster("456"));
    expect(result.candidates.sources).toContain("knn");
    expect(Object.keys(result.stageSeconds)).toEqual(["prepare", "candidates", "score", "cluster"]);
  });

  it("finds the same duplicates with MinHash neighbours", () => {
    const minhash = runDedupe(RECORDS, modelFixture(), { k: 2, search: "minhash" });
    const cluster = (id: string) => minhash.clustering.clusterOf[minhash.srIds.indexOf(id)];
    expect(cluster("123")).toBe(cluster("456"));
    expect(cluster("789")).not.toBe(cluster("456"));
    expect(minhash.candidates.sources).toContain("knn");
    expect(minhash.embedder).toBe("minhash-char-3gram 32x2 LSH, top k=2, similarity ≥ 0.25");
  });

  it("writes the three files with their exact headers, every record in clusters.csv", () => {
    const dir = mkdtempSync(join(tmpdir(), "dedupe-"));
    writeCandidates(dir, result);
    writeClusters(
      dir,
      result.srIds,
      clusterIds(result.srIds, result.clustering.clusterOf, result.clustering.clusterCount),
    );
    writeReviewPairs(dir, result.srIds, reviewPairs(result));
    const lines = (file: string) => readFileSync(join(dir, file), "utf8").trim().split("\n");
    expect(lines("candidates.csv")[0]).toBe(CANDIDATES_HEADER);
    expect(lines("candidates.csv").slice(1)).toContainEqual(
      expect.stringMatching(/^123,456,0\.\d{4},valid,/),
    );
    expect(lines("clusters.csv")).toEqual([
      CLUSTERS_HEADER,
      "123,123",
      "456,123",
      "789,789",
      "a1,a1",
      "a2,a1",
      "b1,b1",
    ]);
    expect(lines("review-pairs.csv")[0]).toBe(REVIEW_HEADER);
  });

  it("names each pair's proposing sources in candidates.csv, whatever the order of the scored pairs", () => {
    const expected = new Map(
      [...result.candidates.entries()].map(([a, b, mask]) => [
        `${result.srIds[a]},${result.srIds[b]}`,
        result.candidates.names(mask),
      ]),
    );
    const { a, b, p } = result.scored;
    const reversed = { a: a.slice().reverse(), b: b.slice().reverse(), p: p.slice().reverse() };
    for (const scored of [result.scored, reversed]) {
      const dir = mkdtempSync(join(tmpdir(), "dedupe-"));
      writeCandidates(dir, { ...result, scored });
      const rows = readFileSync(join(dir, "candidates.csv"), "utf8").trim().split("\n").slice(1);
      expect(rows).toHaveLength(expected.size);
      for (const row of rows) {
        const fields = row.split(",");
        expect(fields[4]).toBe(expected.get(`${fields[0]},${fields[1]}`));
      }
    }
    expect(new Set(expected.values()).size).toBeGreaterThan(1);
  });

  it("writes candidates.csv byte for byte as the fields' text: ids as CSV fields, p.toFixed(4)", () => {
    const n = 3000;
    // quoted fields, UTF-8, a 100-byte id (copied by `set`) and one larger than the write buffer
    const long = ["L".repeat(100), "H".repeat(5 << 20)];
    const srIds = Array.from({ length: n }, (_, i) => [`a,"b"`, "風に永遠", "x\ny", ...long][i] ?? `id${i}`);
    const candidates = new CandidateSet(n);
    candidates.add(
      "rule",
      Uint32Array.from({ length: 2 * (n - 1) }, (_, j) => (j % 2 === 0 ? 0 : j / 2 + 0.5)),
    );
    candidates.add("knn", Uint32Array.from([1, 2, 2, 3]));
    const { lo, hi } = candidates.columns();
    // every fourth-decimal half and its float32 neighbours, the ends, and spread values
    const edges = [0, 1, 0.00005, 0.99995, 0.5, 0.12345, 0.45, Math.fround(0.45) + 1e-9];
    const p = Float32Array.from(lo, (_, i) => edges[i] ?? (i % 2 === 0 ? (i * 0.618034) % 1 : (i + 0.5) / n));
    const scored = { a: lo.slice(), b: hi.slice(), p };
    const dir = mkdtempSync(join(tmpdir(), "dedupe-"));
    writeCandidates(dir, { ...result, srIds, candidates, scored, threshold: 0.45 });
    const expected = Array.from(lo, (a, i) => {
      const q = p[i] as number;
      const names = candidates.names(candidates.maskOf(a, hi[i] as number));
      return `${csvField(srIds[a] as string)},${csvField(srIds[hi[i] as number] as string)},${q.toFixed(4)},${q >= 0.45 ? "valid" : "invalid"},${names}`;
    });
    expect(readFileSync(join(dir, "candidates.csv"), "utf8")).toBe(
      `${[CANDIDATES_HEADER, ...expected].join("\n")}\n`,
    );
  });

  it("builds the retrieval index that /matches ranks from", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "dedupe-")), "db.db");
    writeFileSync(path, await catalogBytes(RECORDS));
    await writeRetrievalIndex(path, result);
    const matcher = { catalog: await Catalog.open(readFileSync(path)), model: modelFixture() };
    const response = await respond(
      { method: "GET", path: "/matches", rawQuery: "sr_id=123", query: { sr_id: "123" } },
      async () => matcher,
    );
    expect(response.status).toBe(200);
    const body = response.body as { sr_id: string; matches: { sr_id: string; probability: number }[] };
    expect(body.sr_id).toBe("123");
    expect(body.matches[0]?.sr_id).toBe("456");
    const probabilities = body.matches.map((m) => m.probability);
    expect(probabilities).toEqual([...probabilities].sort((x, y) => y - x));
    expect(existsSync(partialPath(path))).toBe(false);
  });

  it("leaves the catalog as it was when its rewrite fails", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "dedupe-")), "db.db");
    const before = await catalogBytes(RECORDS);
    writeFileSync(path, before);
    // The rewrite cannot be made: its partial file's path is taken by a directory.
    mkdirSync(partialPath(path));
    await expect(writeRetrievalIndex(path, result)).rejects.toThrow(/EISDIR/);
    expect(readFileSync(path)).toEqual(Buffer.from(before));
  });
});
