import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { type Model, parseModel } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { clusterIds } from "../dedupe/cluster-ids.ts";
import { type DedupeResult, runDedupe } from "../dedupe/pipeline.ts";
import { type BatchDedupeResult, runBatchDedupe } from "./engine.ts";

// The shipped sample through both engines, with exact neighbours so that the candidate sets cannot
// differ by the ANN index's build order: its first SAMPLE records, more than one 1,024-row query batch
// of the brute-force search (`npm run dedupe -- --engine duckdb` runs the whole sample).
const SAMPLE = 4000;
let records: SoundRecording[];
let model: Model;
let memory: DedupeResult;
let batch: BatchDedupeResult;
const dir = mkdtempSync(join(tmpdir(), "batch-dedupe-"));

const names = (r: DedupeResult) => clusterIds(r.srIds, r.clustering.clusterOf, r.clustering.clusterCount);
const pairs = (r: DedupeResult) =>
  [...r.candidates.entries()].map(([a, b, mask]) => `${a}-${b}:${r.candidates.names(mask)}`).sort();

beforeAll(async () => {
  model = parseModel(readFileSync("data/model.json", "utf8"));
  const catalog = await Catalog.open(readFileSync("data/db.db"));
  records = [...catalog.all()].slice(0, SAMPLE);
  catalog.close();
  memory = runDedupe(records, model, { exactKnn: true });
  batch = await runBatchDedupe(records, model, { dir, exactKnn: true, threads: 2, shards: 8 });
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the DuckDB + worker-threads engine on the shipped sample", () => {
  it("proposes the same candidate pairs from the same sources as the in-memory engine", () => {
    expect(batch.candidates.size).toBeGreaterThan(records.length);
    expect(pairs(batch)).toEqual(pairs(memory));
  });

  it("gives every candidate the in-memory engine's probability", () => {
    const byPair = new Map<string, number>();
    for (let i = 0; i < memory.scored.p.length; i++)
      byPair.set(`${memory.scored.a[i]}-${memory.scored.b[i]}`, memory.scored.p[i] as number);
    expect(batch.scored.p.length).toBe(memory.scored.p.length);
    for (let i = 0; i < batch.scored.p.length; i++)
      expect(batch.scored.p[i]).toBe(byPair.get(`${batch.scored.a[i]}-${batch.scored.b[i]}`));
  });

  it("gives the same clusters, named alike", () => {
    expect(batch.clustering.clusterCount).toBe(memory.clustering.clusterCount);
    expect(names(batch)).toEqual(names(memory));
    expect(batch.clustering.plainComponents).toBe(memory.clustering.plainComponents);
  });

  it("loops label propagation until no label changes, and scores through batches of shards", () => {
    expect(batch.propagationSteps).toBeGreaterThan(1);
    expect(batch.batches).toBeGreaterThan(2);
  });
});
