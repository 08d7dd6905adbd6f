import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_RECORDS } from "../../lambda/catalog-fixture.ts";
import { modelFixture } from "../../lambda/model-fixture.ts";
import { type LoopbackS3, startLoopbackS3 } from "../../lib/testing/loopback-s3.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { parseJsonLines, toJsonLines } from "./shard-worker.ts";
import { handler } from "./worker-handler.ts";

// The scorer Lambda's handler against a real S3-API server (s3rver) on loopback: shard objects in,
// JSON-lines rows out, under the keys the Glue tables read.
const BUCKET = "data";
const model = modelFixture();
let s3: LoopbackS3;

const byId = (id: string) =>
  EXAMPLE_RECORDS.find((r) => r.sr_id === id) as unknown as Record<string, unknown>;
const prefixed = (prefix: string, id: string) =>
  Object.fromEntries(Object.entries(byId(id)).map(([k, v]) => [`${prefix}${k}`, v]));
const pairRow = (a: number, aId: string, b: number, bId: string) => ({
  a,
  b,
  sources: 1,
  ...prefixed("a_", aId),
  ...prefixed("b_", bId),
});

async function put(key: string, body: string | Uint8Array): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}
async function get(key: string): Promise<string> {
  const out = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return (await out.Body?.transformToString()) ?? "";
}

beforeAll(async () => {
  s3 = await startLoopbackS3([BUCKET]);
  Object.assign(process.env, s3.env(), { DATA_BUCKET: BUCKET, MODEL_KEY: "model/model.json" });
  await put("model/model.json", JSON.stringify(model));
});

afterAll(async () => {
  await s3.dispose();
});

describe("the batch worker handler on S3", () => {
  it("scores every pair of a batch of shard objects, plain or gzip, and writes each shard's scores", async () => {
    await put("tables/pair_shards/run=7/shard=0/data_0.json", toJsonLines([pairRow(0, "123", 1, "456")]));
    await put(
      "tables/pair_shards/run=7/shard=1/data_0.json",
      gzipSync(toJsonLines([pairRow(0, "123", 2, "789")])),
    );
    const result = await handler({
      Items: [
        { Key: "tables/pair_shards/run=7/shard=0/data_0.json" },
        { Key: "tables/pair_shards/run=7/shard=1/data_0.json" },
      ],
      BatchInput: { mode: "score", run: 7, threshold: model.threshold, cannotLinkBelow: 0.1 },
    });
    expect(result.rows).toBe(2);
    expect(result.objects.every((k) => k.startsWith("tables/scores/run=7/"))).toBe(true);
    const [same] = parseJsonLines(await get(result.objects[0] as string));
    const [different] = parseJsonLines(await get(result.objects[1] as string));
    expect(same).toMatchObject({ a: 0, b: 1, sources: 1 });
    expect(Number(same?.p)).toBeGreaterThanOrEqual(model.threshold);
    expect(Number(different?.p)).toBeLessThan(model.threshold);
  });

  it("reads Parquet shards as Athena writes the table: ZSTD as the table asks, or Athena's default GZIP", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parquet-shard-"));
    const stages = await DuckDbStages.open(dir, { inMemory: true });
    const parquet = async (rows: object[], compression: "ZSTD" | "GZIP") => {
      writeFileSync(join(dir, "rows.json"), toJsonLines(rows));
      await stages.toParquet(join(dir, "rows.json"), "pair_shards", join(dir, "shard.parquet"), {
        compression,
      });
      return readFileSync(join(dir, "shard.parquet"));
    };
    try {
      await put(
        "tables/pair_shards/run=9/shard=0/data_0.parquet",
        await parquet([pairRow(0, "123", 1, "456")], "ZSTD"),
      );
      await put(
        "tables/pair_shards/run=9/shard=1/data_0.parquet",
        await parquet([pairRow(0, "123", 2, "789")], "GZIP"),
      );
    } finally {
      stages.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const result = await handler({
      Items: [
        { Key: "tables/pair_shards/run=9/shard=0/data_0.parquet" },
        { Key: "tables/pair_shards/run=9/shard=1/data_0.parquet" },
      ],
      BatchInput: { mode: "score", run: 9, threshold: model.threshold, cannotLinkBelow: 0.1 },
    });
    const [same] = parseJsonLines(await get(result.objects[0] as string));
    const [different] = parseJsonLines(await get(result.objects[1] as string));
    expect(same).toMatchObject({ a: 0, b: 1, sources: 1 });
    expect(different).toMatchObject({ a: 0, b: 2, sources: 1 });
    expect(Number(same?.p)).toBeGreaterThanOrEqual(model.threshold);
    expect(Number(different?.p)).toBeLessThan(model.threshold);
  });

  it("repairs a component: linked members share the cluster named by their smallest rid, with the link that made it", async () => {
    const member = (rid: number, id: string) => ({ component: 3, kind: "m", a: rid, ...byId(id) });
    await put(
      "tables/repair_rows/run=7/shard=3/data_0.json",
      toJsonLines([member(3, "123"), member(5, "456"), { component: 3, kind: "p", a: 3, b: 5, p: 0.99 }]),
    );
    const result = await handler({
      Items: [{ Key: "tables/repair_rows/run=7/shard=3/data_0.json" }],
      BatchInput: { mode: "repair", run: 7, threshold: model.threshold, cannotLinkBelow: 0.1 },
    });
    const rows = parseJsonLines(await get(result.objects[0] as string));
    expect(rows).toEqual([
      { kind: "cluster", rid: 3, cluster: 3, split: 0 },
      { kind: "cluster", rid: 5, cluster: 3, split: 0 },
      { kind: "link", a: 3, b: 5, p: Math.fround(0.99) },
      { kind: "component", rid: 3, split: 0, scored: 0 },
    ]);
  });

  it("repairs a component whole when Athena wrote its shard partition as two objects, once", async () => {
    const member = (rid: number, id: string) => ({ component: 3, kind: "m", a: rid, ...byId(id) });
    const first = "tables/repair_rows/run=8/shard=3/data_0.json";
    const second = "tables/repair_rows/run=8/shard=3/data_1.json";
    await put(first, toJsonLines([member(3, "123"), { component: 3, kind: "p", a: 3, b: 5, p: 0.99 }]));
    await put(second, toJsonLines([member(5, "456")]));
    const result = await handler({
      Items: [{ Key: second }, { Key: first }],
      BatchInput: { mode: "repair", run: 8, threshold: model.threshold, cannotLinkBelow: 0.1 },
    });
    expect(result.objects).toEqual(["tables/repaired/run=8/shard=3-data_0.json.json"]);
    expect(parseJsonLines(await get(result.objects[0] as string))).toEqual([
      { kind: "cluster", rid: 3, cluster: 3, split: 0 },
      { kind: "cluster", rid: 5, cluster: 3, split: 0 },
      { kind: "link", a: 3, b: 5, p: Math.fround(0.99) },
      { kind: "component", rid: 3, split: 0, scored: 0 },
    ]);
  });

  it("writes the same key again when a batch is retried (idempotent output)", async () => {
    const event = {
      Items: [{ Key: "tables/pair_shards/run=7/shard=0/data_0.json" }],
      BatchInput: { mode: "score" as const, run: 7, threshold: model.threshold, cannotLinkBelow: 0.1 },
    };
    const first = await handler(event);
    const second = await handler(event);
    expect(second.objects).toEqual(first.objects);
  });

  it("runs the IVF steps: centroids from a sample, shards assigned to partitions, neighbours searched per partition", async () => {
    const record = (rid: number, title: string, artists: string) => ({
      rid,
      sr_id: `r${rid}`,
      title,
      artists,
    });
    const shard0 = [record(0, "Blue Monday", "New Order"), record(2, "Blue Monday '88", "New Order")];
    const shard1 = [record(1, "Blue Monday", "New Order"), record(3, "Kalinka", "Red Army Choir")];
    await put("tables/record_shards/run=8/shard=0/data_0.json", toJsonLines(shard0));
    await put("tables/record_shards/run=8/shard=1/data_0.json", toJsonLines(shard1));
    const keys = [
      "tables/record_shards/run=8/shard=0/data_0.json",
      "tables/record_shards/run=8/shard=1/data_0.json",
    ];
    const { groups } = await handler({ mode: "centroids", run: 8, keys, centroids: 2, sample: 4 });
    expect(groups).toEqual([{ group: 0, partitions: [0, 1] }]);
    const assigned = await handler({
      Items: keys.map((Key) => ({ Key })),
      BatchInput: { mode: "assign", run: 8, probes: 2 },
    });
    expect(assigned.rows).toBe(4);
    // One member object per batch of record shards and partition group, not per shard or partition.
    expect(assigned.objects).toEqual(["tables/ivf_members/run=8/group=0/written=8-shard=0-data_0.json.json"]);
    const hits = new Map<number, number>();
    for (const group of groups) {
      const out = await handler({ mode: "search", run: 8, ...group, k: 1, exact: 1 });
      expect(out.objects).toEqual([`tables/knn_hits/run=8/group=${group.group}.json`]);
      for (const row of parseJsonLines(await get(out.objects[0] as string)))
        hits.set(Number(row.a), Number(row.b));
    }
    // Two probes of two partitions: every record meets every other; the exact duplicates find each other.
    expect(hits.get(0)).toBe(1);
    expect(hits.get(1)).toBe(0);

    // An incremental run 9: record 3 changed into a third Blue Monday. Run 8's centroids and members
    // are kept; only record 3 is assigned and searched for.
    const changedKey = "tables/record_shards/run=9/shard=0/data_0.json";
    await put(changedKey, toJsonLines([record(3, "Blue Monday", "New Order")]));
    const reused = await handler({ mode: "reuse", run: 9, previousRun: 8 });
    expect(reused).toEqual({ groups, membersRun: 8 });
    const added = await handler({
      Items: [{ Key: changedKey }],
      BatchInput: { mode: "assign", run: 9, probes: 2 },
    });
    expect(added.objects).toEqual(["tables/ivf_members/run=8/group=0/written=9-shard=0-data_0.json.json"]);
    const searched = await handler({
      mode: "search",
      run: 9,
      group: 0,
      partitions: [0, 1],
      k: 2,
      exact: 0,
      membersRun: 8,
    });
    const found = parseJsonLines(await get(searched.objects[0] as string)).map((row) => `${row.a}-${row.b}`);
    expect(new Set(found)).toEqual(new Set(["3-0", "3-1"]));
  });
});
