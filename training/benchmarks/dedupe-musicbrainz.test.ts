import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseModel } from "../../lambda/model.ts";
import { KNN_SOURCE } from "../dedupe/blocking.ts";
import { fitOnClusters, oursRow } from "./dedupe-musicbrainz.ts";
import type { MusicBrainzRecord } from "./musicbrainz-20k.ts";

const WORDS = ["river", "night", "golden", "paper", "silver", "echo", "winter", "garden", "stone", "velvet"];

/** 40 clusters of 3 records, one per source, spelled a little differently by each source. */
function records(): MusicBrainzRecord[] {
  const out: MusicBrainzRecord[] = [];
  for (let c = 0; c < 40; c++) {
    const title = `${WORDS[c % 10]} ${WORDS[(c * 3 + 1) % 10]} ${c}`;
    const artist = `${WORDS[(c * 7 + 2) % 10]} band ${c}`;
    [title, `${artist} - ${title}`, `${title.toUpperCase()} (remaster)`].forEach((t, s) => {
      out.push({
        sr_id: String(out.length + 1),
        title: t,
        artists: s === 1 ? null : artist,
        isrcs: null,
        contributors: null,
        duration_ms: 200_000 + c * 1000,
        cluster: String(c),
        source: String(s + 1),
        language: null,
      });
    });
  }
  return out;
}

describe("fitOnClusters", () => {
  it("trains and chooses its threshold on held-out clusters even when the candidates join every record", () => {
    const shipped = parseModel(readFileSync("data/model.json", "utf8"));
    const model = fitOnClusters(records(), shipped);
    expect(model.training.pairs.train).toBeGreaterThan(0);
    expect(model.training.pairs.validation).toBeGreaterThan(0);
    expect(model.weights.some((w) => w !== 0)).toBe(true);
  });
});

describe("oursRow", () => {
  it("with k = 0 proposes the blocking rules' pairs only, fewer than with the embedding neighbours", () => {
    const shipped = parseModel(readFileSync("data/model.json", "utf8"));
    const rulesOnly = oursRow("rules", records(), shipped, { k: 0 });
    const withKnn = oursRow("rules + knn", records(), shipped);
    expect(rulesOnly.result.candidates.sources).not.toContain(KNN_SOURCE);
    expect(withKnn.result.candidates.sources).toContain(KNN_SOURCE);
    expect(rulesOnly.candidatesPerRecord).toBeLessThan(withKnn.candidatesPerRecord);
    expect(rulesOnly.pairsCompleteness).toBeLessThanOrEqual(withKnn.pairsCompleteness);
  });

  it("searches the neighbours it is told to: MinHash by default, HNSW when asked", () => {
    const shipped = parseModel(readFileSync("data/model.json", "utf8"));
    expect(oursRow("default", records(), shipped).result.embedder).toMatch(/^minhash/);
    expect(oursRow("hnsw", records(), shipped, { search: "hnsw" }).result.embedder).toMatch(/usearch HNSW/);
  });
});
