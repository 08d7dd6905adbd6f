import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { type Model, parseModel } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { clusterIds } from "./cluster-ids.ts";
import { type DedupeOutput, type DedupeResult, runDedupe } from "./pipeline.ts";
import { runDedupeThreaded } from "./threaded.ts";

// The first SAMPLE records of the shipped sample through the single-thread and the threaded path,
// with exact neighbours so that the candidates cannot differ by the ANN index's build order.
const SAMPLE = 3000;
let records: SoundRecording[];
let model: Model;
let single: DedupeResult;
let threaded: DedupeOutput;

const inOrder = (r: DedupeOutput) =>
  [...r.candidates.entries()].map(([a, b, mask]) => `${a}-${b}:${r.candidates.names(mask)}`);
const names = (r: DedupeOutput) => clusterIds(r.srIds, r.clustering.clusterOf, r.clustering.clusterCount);

beforeAll(async () => {
  model = parseModel(readFileSync("data/model.json", "utf8"));
  const catalog = await Catalog.open(readFileSync("data/db.db"));
  records = [...catalog.all()].slice(0, SAMPLE);
  catalog.close();
  single = runDedupe(records, model, { exactKnn: true });
  threaded = await runDedupeThreaded(records, model, { exactKnn: true, threads: 2 });
}, 300_000);

describe("the threaded in-memory engine", () => {
  it("proposes the same candidate pairs, from the same sources, in the same order", () => {
    expect(threaded.candidates.sources).toEqual(single.candidates.sources);
    expect(threaded.candidates.size).toBeGreaterThan(records.length);
    expect(inOrder(threaded)).toEqual(inOrder(single));
    expect(threaded.oversizedBlocks).toEqual(single.oversizedBlocks);
  });

  it("gives every pair the single-thread float32 probability, bit for bit", () => {
    expect(threaded.scored.a).toEqual(single.scored.a);
    expect(threaded.scored.b).toEqual(single.scored.b);
    expect(Buffer.from(threaded.scored.p.buffer)).toEqual(Buffer.from(single.scored.p.buffer));
  });

  it("gives the same clusters, named alike, and the same repair", () => {
    expect(names(threaded)).toEqual(names(single));
    expect(threaded.clustering.repairScored).toBe(single.clustering.repairScored);
    expect(threaded.clustering.refused).toEqual(single.clustering.refused);
    expect(Object.keys(threaded.stageSeconds)).toEqual(["prepare", "candidates", "score", "cluster"]);
  });

  it("gives the same run when the catalog reaches the threads in chunks, as a stream", async () => {
    function* stream() {
      yield* records;
    }
    const chunked = await runDedupeThreaded(stream(), model, {
      exactKnn: true,
      threads: 2,
      recordChunk: 700,
    });
    expect(chunked.srIds).toEqual(records.map((r) => r.sr_id));
    expect(inOrder(chunked)).toEqual(inOrder(single));
    expect(Buffer.from(chunked.scored.p.buffer)).toEqual(Buffer.from(single.scored.p.buffer));
    expect(names(chunked)).toEqual(names(single));
    // chunks that end where the records do, and one chunk for all
    for (const recordChunk of [1000, records.length]) {
      const whole = await runDedupeThreaded(stream(), model, { exactKnn: true, threads: 2, recordChunk });
      expect(inOrder(whole)).toEqual(inOrder(single));
    }
  }, 300_000);

  it("refuses a chunk size that is not a positive integer, before starting its threads", async () => {
    for (const recordChunk of [0, -5, 1.5, Number.NaN])
      await expect(runDedupeThreaded(records, model, { threads: 1, recordChunk })).rejects.toThrow(
        RangeError,
      );
  });

  it("proposes the single-thread candidates with MinHash neighbours too, whose search has no build order", async () => {
    const options = { search: "minhash" as const };
    const alone = runDedupe(records, model, options);
    const onThreads = await runDedupeThreaded(records, model, { ...options, threads: 2, recordChunk: 700 });
    expect(inOrder(onThreads)).toEqual(inOrder(alone));
    expect(names(onThreads)).toEqual(names(alone));
    expect(alone.embedder).toMatch(/^minhash/);
    expect(inOrder(alone)).not.toEqual(inOrder(single));
  }, 300_000);

  it("refuses a thread count that is not a positive integer", async () => {
    await expect(runDedupeThreaded(records.slice(0, 10), model, { threads: 0 })).rejects.toThrow(RangeError);
  });
});
