import { describe, expect, it } from "vitest";
import { applyRule, BLOCKING_RULES } from "../dedupe/blocking.ts";
import { hashedNgramEmbedder } from "../dedupe/embed.ts";
import { annNeighbours } from "../dedupe/knn.ts";
import { prepareStage } from "../dedupe/pipeline.ts";
import { neighbourCompleteness, tfidfNeighbours } from "./dedupe-naive.ts";
import { readMusicBrainz20k, truePairs } from "./musicbrainz-20k.ts";

describe("dedupe candidates on MusicBrainz 20K (first 3,000 records)", () => {
  const records = readMusicBrainz20k().slice(0, 3000);
  const truth = truePairs(records);
  const ids = records.map((r) => r.sr_id);

  it("finds most true pairs among 10 embedding neighbours per record, as the exact TF-IDF baseline does", () => {
    const { keys } = prepareStage(records);
    const embedder = hashedNgramEmbedder();
    const found = annNeighbours(embedder.embed(keys.map((k) => k.embeddingText)), 10, embedder.dimensions);
    const ours = neighbourCompleteness(ids, found, truth);
    const naive = neighbourCompleteness(
      ids,
      tfidfNeighbours(
        records.map((r) => [r.title, r.artists, r.album].filter(Boolean).join(" ")),
        10,
      ),
      truth,
    );
    expect(naive).toBeGreaterThan(0.97);
    expect(ours).toBeGreaterThan(0.93);
  });

  it("finds no title + artist block over the default cap", () => {
    const { keys } = prepareStage(records);
    const rule = BLOCKING_RULES.find((r) => r.name === "title_artist");
    expect(rule && applyRule(rule, keys, 50).oversizedBlocks).toBe(0);
  });
});
