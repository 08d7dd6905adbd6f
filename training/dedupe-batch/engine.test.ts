import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { type Model, parseModel } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { BLOCK_WINDOW } from "../dedupe/blocking.ts";
import { clusterIds } from "../dedupe/cluster-ids.ts";
import { type DedupeOutput, type DedupeResult, runDedupe } from "../dedupe/pipeline.ts";
import { reviewPairs } from "../dedupe/write.ts";
import { type BatchDedupeResult, runBatchDedupe } from "./engine.ts";

// The shipped sample through both engines, with exact neighbours so that the candidate sets cannot
// differ by the ANN index's build order: SAMPLE records from FIRST on, more than one 1,024-row query
// batch of the brute-force search, in a stretch of the catalog where the shipped model's clusters
// need the repair step (`npm run dedupe -- --engine duckdb` runs the whole sample).
const FIRST = 40_000;
const SAMPLE = 8000;
let records: SoundRecording[];
let model: Model;
let memory: DedupeResult;
let batch: BatchDedupeResult;
const dir = mkdtempSync(join(tmpdir(), "batch-dedupe-"));
const logged: string[] = [];

const names = (r: DedupeOutput) => clusterIds(r.srIds, r.clustering.clusterOf, r.clustering.clusterCount);
const probabilities = ({ scored }: DedupeOutput) =>
  Array.from(scored.p, (p, i) => `${scored.a[i]}-${scored.b[i]}:${p}`).sort();
const pairs = (r: DedupeOutput) =>
  [...r.candidates.entries()].map(([a, b, mask]) => `${a}-${b}:${r.candidates.names(mask)}`).sort();

beforeAll(async () => {
  model = parseModel(readFileSync("data/model.json", "utf8"));
  const catalog = await Catalog.open(readFileSync("data/db.db"));
  records = [...catalog.all()].slice(FIRST, FIRST + SAMPLE);
  catalog.close();
  memory = runDedupe(records, model, { exactKnn: true });
  batch = await runBatchDedupe(records, model, {
    dir,
    exactKnn: true,
    threads: 2,
    // More shards than one group of SHARDS_PER_GROUP (100): three copies from each staging table.
    shards: 250,
    log: (line) => logged.push(line),
  });
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

  it("reports the repair as the in-memory engine does: splits, extra scoring, refused links, review queue", () => {
    const { componentsSplit, repairScored, refused } = memory.clustering;
    expect(componentsSplit).toBeGreaterThan(0);
    expect(batch.clustering).toMatchObject({ componentsSplit, repairScored });
    const sorted = (list: { a: number; b: number; p: number }[]) =>
      list.map((l) => `${l.a}-${l.b}:${l.p}`).sort();
    expect(sorted(batch.clustering.refused)).toEqual(sorted(refused));
    expect(sorted(batch.clustering.links)).toEqual(sorted(memory.clustering.links));
    expect(sorted(reviewPairs(batch))).toEqual(sorted(reviewPairs(memory)));
  });

  it("loops label propagation until no label changes, and scores through batches of shards", () => {
    expect(batch.propagationSteps).toBeGreaterThan(1);
    expect(batch.batches).toBeGreaterThan(2);
  });

  it("starts at most two worker calls per thread at once, so no call waits out its timeout in the pool's queue", () => {
    expect(batch.batches).toBeGreaterThan(60);
    expect(batch.mostConcurrentCalls).toBe(4);
  });

  it("copies the pair shards and the repair rows from their staging tables in groups of 100 shards, each shard once", async () => {
    const shardDirs = (table: string) => readdirSync(join(dir, `tables/${table}/run=1`)).sort();
    const pairShards = shardDirs("pair_shards");
    expect(pairShards).toHaveLength(250);
    for (const shard of pairShards)
      expect(readdirSync(join(dir, `tables/pair_shards/run=1/${shard}`))).toEqual(["data_0.parquet"]);
    const repairShards = shardDirs("repair_rows").map((d) => Number(d.replace("shard=", "")));
    expect(Math.max(...repairShards)).toBeGreaterThanOrEqual(200);
    expect(logged.filter((line) => line.startsWith("sql copy_pair_shards:"))).toHaveLength(3);
    expect(logged.filter((line) => line.startsWith("sql copy_repair_rows:"))).toHaveLength(3);
  });

  it("tells its log each step as it ends: the snapshot, every SQL stage, the first worker call per mode", () => {
    expect(logged[0]).toMatch(/^snapshot: 8000 records, prepare \d+\.\d s, write and load \d+\.\d s$/);
    expect(logged).toContainEqual(expect.stringMatching(/^sql candidates: \d+\.\d s$/));
    expect(logged.filter((line) => line.startsWith("sql propagate:"))).toHaveLength(batch.propagationSteps);
    expect(logged).toContainEqual(
      expect.stringMatching(/^score: calls done 1, worker time \d+\.\d s so far$/),
    );
  });
});

describe("MinHash neighbours in SQL (the default search of both engines)", () => {
  const minhashDir = mkdtempSync(join(tmpdir(), "batch-minhash-"));
  afterAll(() => rmSync(minhashDir, { recursive: true, force: true }));

  it("finds the in-memory engine's candidates and sources, probabilities and clusters, in parts of the buckets", async () => {
    const inMemory = runDedupe(records, model);
    const sql = await runBatchDedupe(records, model, {
      dir: minhashDir,
      threads: 2,
      shards: 8,
      minhashParts: 3,
    });
    expect(sql.embedder).toMatch(/^minhash.* in SQL \(3 parts\)/);
    expect(inMemory.candidates.size).toBeGreaterThan(records.length);
    expect(pairs(sql)).toEqual(pairs(inMemory));
    expect(pairs(sql).some((p) => p.endsWith(":knn"))).toBe(true);
    expect(probabilities(sql)).toEqual(probabilities(inMemory));
    expect(names(sql)).toEqual(names(inMemory));
    // No IVF stage ran: no centroids, no partition members.
    expect(readdirSync(join(minhashDir, "tables")).filter((t) => t.startsWith("ivf_"))).toEqual([]);
    // The snapshot's Parquet is deleted once loaded: DuckDB holds its rows.
    expect(readdirSync(join(minhashDir, "input"))).toEqual([]);
  }, 300_000);
});

describe("a one-sided blocking rule in SQL", () => {
  // Records with durations and years, two of them without a letter in the title (a source that strips
  // other scripts): the titleless_length rule pairs those with the records of their length and year only.
  const timed: SoundRecording[] = [
    ["1", "016-", 107_000, 2006],
    ["2", "深海の精", 106_980, 2006],
    ["3", "Another Song", 107_000, 2006],
    ["4", "Late Song", 107_000, 2007],
    ["5", "007-", 69_000, null],
    ["6", "闇に笑ふ", 69_000, 1995],
    ["7", "Third Song", 69_000, 1995],
  ].map(([sr_id, title, duration_ms, year]) => ({
    sr_id: sr_id as string,
    title: title as string,
    artists: null,
    isrcs: null,
    contributors: null,
    duration_ms: duration_ms as number,
    year: year as number | null,
  }));
  const smallDir = mkdtempSync(join(tmpdir(), "batch-one-sided-"));
  afterAll(() => rmSync(smallDir, { recursive: true, force: true }));

  it("proposes the in-memory engine's pairs: a probe with its length's records, never two titled records", async () => {
    const options = { exactKnn: true, k: 0 };
    const inMemory = runDedupe(timed, model, options);
    const sql = await runBatchDedupe(timed, model, { ...options, dir: smallDir, threads: 0, shards: 2 });
    expect(pairs(sql)).toEqual(pairs(inMemory));
    expect(pairs(sql)).toEqual([
      "0-1:titleless_length",
      "0-2:titleless_length",
      "4-5:titleless_length",
      "4-6:titleless_length",
    ]);
  }, 120_000);
});

describe("a block over the size limit in SQL", () => {
  // One record ingested twelve times (every rule's block holds all twelve) and three other songs.
  const copies: SoundRecording[] = [
    // Ids in another order than the records': record i is the (5i mod 12)-th by id.
    ...Array.from({ length: 12 }, (_, i) => ({
      sr_id: `copy-${String((5 * i) % 12).padStart(2, "0")}`,
      title: "Yesterday",
      artists: "The Beatles",
      isrcs: "GBAYE6500521",
      contributors: "John Lennon|Paul McCartney",
    })),
    ...["Let It Be", "Hey Jude", "Something"].map((title, i) => ({
      sr_id: `other-${i}`,
      title,
      artists: "The Beatles",
      isrcs: null,
      contributors: null,
    })),
    // Six records under `intro|drake` that none answers as a probe of the one-sided rule
    // title_artist_word (no one-word artist): that block is not counted.
    ...Array.from({ length: 6 }, (_, i) => ({
      sr_id: `intro-${i}`,
      title: "Intro",
      artists: `Lil Wayne ${i} feat. Drake`,
      isrcs: null,
      contributors: null,
    })),
  ];
  const smallDir = mkdtempSync(join(tmpdir(), "batch-oversized-"));
  afterAll(() => rmSync(smallDir, { recursive: true, force: true }));

  it("pairs each record with the next BLOCK_WINDOW by sr_id as the in-memory engine does, so the copies make one cluster", async () => {
    const options = { exactKnn: true, k: 0, maxBlock: 4 };
    const inMemory = runDedupe(copies, model, options);
    const sql = await runBatchDedupe(copies, model, { ...options, dir: smallDir, threads: 0, shards: 2 });
    expect(pairs(sql)).toEqual(pairs(inMemory));
    const byId = Array.from({ length: 12 }, (_, i) => i).sort((x, y) => ((5 * x) % 12) - ((5 * y) % 12));
    const expected: string[] = [];
    for (let a = 0; a < 12; a++)
      for (let b = a + 1; b <= Math.min(11, a + BLOCK_WINDOW); b++) {
        const [x, y] = [byId[a] as number, byId[b] as number];
        expected.push(`${Math.min(x, y)}-${Math.max(x, y)}`);
      }
    const copyPairs = pairs(sql)
      .map((p) => p.split(":")[0] as string)
      .filter((p) => p.split("-").every((id) => Number(id) < 12));
    expect(copyPairs.sort()).toEqual(expected.sort());
    expect(inMemory.oversizedBlocks.isrc).toEqual({ blocks: 1, records: 12 });
    expect(inMemory.oversizedBlocks.title_artist_word).toEqual({ blocks: 1, records: 12 });
    expect(sql.oversizedBlocks).toEqual(inMemory.oversizedBlocks);
    const clusters = names(sql).slice(0, 12);
    expect(new Set(clusters)).toEqual(new Set(["copy-00"]));
    expect(names(inMemory)).toEqual(names(sql));
  }, 120_000);
});

describe("the embedding stage with more partitions than one group", () => {
  const groupsDir = mkdtempSync(join(tmpdir(), "batch-groups-"));
  afterAll(() => rmSync(groupsDir, { recursive: true, force: true }));

  it("searches every partition of both groups through the state machine; every record finds neighbours", async () => {
    // 1,500 records at 100 per centroid: 15 partitions, so two groups of member objects and searches.
    const some = records.slice(0, 1_500);
    const result = await runBatchDedupe(some, model, {
      dir: groupsDir,
      search: "hnsw",
      recordsPerCentroid: 100,
      exactInPartitions: true,
      // 150 record shards: two groups copied from the staging table.
      recordsPerShard: 10,
      threads: 2,
      k: 5,
    });
    expect(result.ivf.centroids).toBe(15);
    expect(readdirSync(join(groupsDir, "tables/record_shards/run=1"))).toHaveLength(150);
    expect(readdirSync(join(groupsDir, "tables/ivf_members/run=1")).sort()).toEqual(["group=0", "group=1"]);
    expect(readdirSync(join(groupsDir, "tables/knn_hits/run=1")).sort()).toEqual([
      "group=0.json",
      "group=1.json",
    ]);
    // Two probes of 15 partitions: no partition holds the catalog, every record finds neighbours.
    expect(result.largestPartition).toBeGreaterThan(0);
    expect(result.largestPartition).toBeLessThan(some.length);
    for (let row = 0; row < some.length; row++) expect(result.knn[row * 5]).toBeGreaterThanOrEqual(0);
  }, 300_000);
});
