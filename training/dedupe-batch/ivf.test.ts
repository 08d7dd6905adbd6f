import { describe, expect, it } from "vitest";
import { exactNeighbours } from "../dedupe/knn.ts";
import {
  centroidCount,
  ivfNeighbours,
  kMeans,
  nearestCentroids,
  partitionNeighbours,
  recallAgainst,
  topK,
} from "./ivf.ts";
import {
  assignStep,
  centroidsStep,
  type ObjectStore,
  PARTITIONS_PER_GROUP,
  partitionGroups,
  searchStep,
} from "./ivf-worker.ts";
import { toJsonLines } from "./shard-worker.ts";

const DIMS = 16;

/** `clusters` groups of `size` unit vectors around random centres (seeded), laid end to end. */
function clustered(clusters: number, size: number, spread: number, seed = 3): Float32Array {
  let s = seed;
  const random = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const out = new Float32Array(clusters * size * DIMS);
  for (let c = 0; c < clusters; c++) {
    const centre = Array.from({ length: DIMS }, random);
    for (let i = 0; i < size; i++) {
      const row = (c * size + i) * DIMS;
      let norm = 0;
      for (let d = 0; d < DIMS; d++) {
        const x = (centre[d] as number) + spread * random();
        out[row + d] = x;
        norm += x * x;
      }
      for (let d = 0; d < DIMS; d++) out[row + d] = (out[row + d] as number) / Math.sqrt(norm);
    }
  }
  return out;
}

/** An object store in a Map; each GET's key is appended to `gets`. */
function memoryStore(objects: Map<string, string>, gets: string[] = []): ObjectStore {
  return {
    get: async (key) => {
      gets.push(key);
      return objects.get(key) as string;
    },
    put: async (key, body) => {
      objects.set(key, Buffer.from(body).toString());
    },
    list: async (prefix) => [...objects.keys()].filter((k) => k.startsWith(prefix)).sort(),
  };
}

/** The hits of the given hits objects as sorted "a-b" pairs. */
const hitPairs = (objects: Map<string, string>, keys: readonly string[]): string[] =>
  keys
    .flatMap((key) =>
      (objects.get(key) as string)
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { a: number; b: number })
        .map(({ a, b }) => `${a}-${b}`),
    )
    .sort();

const rows = (flat: Float32Array) =>
  Array.from({ length: flat.length / DIMS }, (_, i) => flat.subarray(i * DIMS, (i + 1) * DIMS));

describe("IVF embedding stage", () => {
  it("scales the centroids with the catalog: one per 20,000 records, at least one", () => {
    expect(centroidCount(100_000_000)).toBe(5_000);
    expect(centroidCount(55_549)).toBe(3);
    expect(centroidCount(10)).toBe(1);
    expect(centroidCount(55_549, 1_000)).toBe(56);
  });

  it("moves unit centroids closer to the data than the sample rows it starts from", () => {
    const data = clustered(4, 50, 0.3);
    const meanDistance = (centroids: Float32Array) => {
      const { ids } = nearestCentroids(data, centroids, DIMS, 1);
      let sum = 0;
      for (let row = 0; row < 200; row++) {
        let dot = 0;
        const c = ids[row] as number;
        for (let d = 0; d < DIMS; d++)
          dot += (data[row * DIMS + d] as number) * (centroids[c * DIMS + d] as number);
        sum += 1 - dot;
      }
      return sum / 200;
    };
    const start = kMeans(data, DIMS, 4, { iterations: 0 });
    const fitted = kMeans(data, DIMS, 4);
    for (let c = 0; c < 4; c++)
      expect(Math.hypot(...fitted.subarray(c * DIMS, (c + 1) * DIMS))).toBeCloseTo(1, 5);
    expect(meanDistance(fitted)).toBeLessThan(meanDistance(start));
  });

  it("assigns each vector to its probes nearest centroids, nearest first", () => {
    const centroids = new Float32Array(3 * DIMS);
    for (let c = 0; c < 3; c++) centroids[c * DIMS + c] = 1;
    const v = new Float32Array(DIMS);
    v[1] = 0.9;
    v[2] = 0.43;
    expect([...nearestCentroids(v, centroids, DIMS, 2).ids]).toEqual([1, 2]);
    expect(nearestCentroids(v, centroids, DIMS, 5).probes).toBe(3);
  });

  it("assigns every row past the first search call (5,000 centroids: 838 rows a call)", () => {
    const centroids = clustered(50, 100, 0.9, 5);
    const vectors = clustered(20, 100, 0.9, 6);
    const { ids } = nearestCentroids(vectors, centroids, DIMS, 1);
    const nearest = (row: Float32Array) => {
      let best = -1;
      let bestDot = Number.NEGATIVE_INFINITY;
      rows(centroids).forEach((c, j) => {
        const dot = c.reduce((sum, x, d) => sum + x * (row[d] as number), 0);
        if (dot > bestDot) [best, bestDot] = [j, dot];
      });
      return best;
    };
    const expected = rows(vectors).map(nearest);
    expect([...ids]).toEqual(expected);
  });

  it("with one partition and brute force, gives exactly the exact neighbours", () => {
    const data = clustered(8, 40, 0.6);
    const k = 5;
    const exact = exactNeighbours(rows(data), k, DIMS);
    const ivf = ivfNeighbours(data, DIMS, k, { centroids: 1, probes: 1, exact: true });
    expect([...ivf.ids]).toEqual([...exact.ids]);
  });

  it("keeps most exact neighbours with many partitions and two probes, and more with two than one", () => {
    // 20 loose groups of 40: borders between partitions are crossed often.
    const data = clustered(20, 40, 0.9);
    const k = 5;
    const exact = exactNeighbours(rows(data), k, DIMS).ids;
    const one = ivfNeighbours(data, DIMS, k, { centroids: 16, probes: 1, exact: true });
    const two = ivfNeighbours(data, DIMS, k, { centroids: 16, probes: 2, exact: true });
    const recallOne = recallAgainst(exact, one.ids, k);
    const recallTwo = recallAgainst(exact, two.ids, k);
    expect(recallTwo).toBeGreaterThanOrEqual(0.9);
    expect(recallTwo).toBeGreaterThan(recallOne);
    // No partition holds the whole catalog.
    expect(Math.max(...two.partitionSizes)).toBeLessThan(800);
  });

  it("searches inside a partition by member ids, and merges a record's hits from two partitions", () => {
    const data = clustered(2, 5, 0.1);
    const hits = partitionNeighbours([10, 11, 12, 13, 14], data.subarray(0, 5 * DIMS), DIMS, 2, true);
    expect(new Set(hits.a)).toEqual(new Set([10, 11, 12, 13, 14]));
    expect([...hits.b].every((b) => b >= 10 && b <= 14)).toBe(true);
    const merged = topK(2, 2, [
      { a: Int32Array.of(0, 0), b: Int32Array.of(1, 1), d: Float32Array.of(0.3, 0.2) },
      { a: Int32Array.of(0), b: Int32Array.of(1), d: Float32Array.of(0.25) },
    ]);
    expect([...merged]).toEqual([1, -1, -1, -1]);
  });

  it("brute force answers every row, past the first batch of 1,024 queries too", () => {
    const data = clustered(3, 400, 0.01);
    const found = exactNeighbours(rows(data), 1, DIMS);
    // Rows 1,100 and 1,101 sit in the third group; their nearest neighbour is there too.
    for (const row of [1_100, 1_101]) expect(Math.floor((found.ids[row] as number) / 400)).toBe(2);
  });

  it("groups partitions for the member objects and the search, 10 to a group", () => {
    expect(PARTITIONS_PER_GROUP).toBe(10);
    expect(partitionGroups(23).map((g) => g.partitions.length)).toEqual([10, 10, 3]);
    expect(partitionGroups(23)[2]).toEqual({ group: 2, partitions: [20, 21, 22] });
    expect(partitionGroups(1)).toEqual([{ group: 0, partitions: [0] }]);
  });

  it("searches each partition of a group apart: members of one object never meet across partitions", async () => {
    // Records 1 and 2 in partition 0, record 3 in partition 1, all with the same vector, in one object.
    const unit = new Float32Array(256);
    unit[0] = 1;
    const v = Buffer.from(unit.buffer).toString("base64");
    const objects = new Map<string, string>([
      [
        "tables/ivf_members/run=1/group=0/s0.json",
        [`{"p":0,"rid":1,"v":"${v}"}`, `{"p":0,"rid":2,"v":"${v}"}`, `{"p":1,"rid":3,"v":"${v}"}`, ""].join(
          "\n",
        ),
      ],
    ]);
    const store = memoryStore(objects);
    const out = await searchStep(store, {
      mode: "search",
      run: 1,
      group: 0,
      partitions: [0, 1],
      k: 5,
      exact: 1,
    });
    expect(out.objects).toEqual(["tables/knn_hits/run=1/group=0.json"]);
    expect(hitPairs(objects, out.objects)).toEqual(["1-2", "2-1"]);
  });

  it("searches an incremental run's members only, against each record's newest entries, and skips groups it did not reach", async () => {
    const axis = (d: number) => {
      const unit = new Float32Array(256);
      unit[d] = 1;
      return Buffer.from(unit.buffer).toString("base64");
    };
    const line = (p: number, rid: number, d: number) => `{"p":${p},"rid":${rid},"v":"${axis(d)}"}\n`;
    // Run 1 (full): 1, 2, 3 in partition 0, 4 in partition 1. Run 2 changes 2: now in partition 1.
    // Run 3 changes 1. Group 1 holds a record no incremental run changed.
    const objects = new Map<string, string>([
      [
        "tables/ivf_members/run=1/group=0/written=1-shard=0.json",
        line(0, 1, 0) + line(0, 2, 0) + line(0, 3, 0),
      ],
      ["tables/ivf_members/run=1/group=0/written=1-shard=1.json", line(1, 4, 1)],
      ["tables/ivf_members/run=1/group=0/written=2-shard=0.json", line(1, 2, 1)],
      ["tables/ivf_members/run=1/group=0/written=3-shard=0.json", line(0, 1, 0)],
      ["tables/ivf_members/run=1/group=1/written=1-shard=0.json", line(10, 9, 0) + line(10, 8, 0)],
    ]);
    const store = memoryStore(objects);
    const search = async (run: number, group: number, partitions: number[]) => {
      const out = await searchStep(store, {
        mode: "search",
        run,
        group,
        partitions,
        k: 5,
        exact: 0,
        membersRun: 1,
      });
      return hitPairs(objects, out.objects);
    };
    // Run 2: only 2 is searched for, in its new partition; its stale entry in partition 0 is gone and
    // run 3's object is not yet seen.
    expect(await search(2, 0, [0, 1])).toEqual(["2-4"]);
    // Run 3: 1 meets 3 only (2's newest entry is in partition 1).
    expect(await search(3, 0, [0, 1])).toEqual(["1-3"]);
    expect(
      await searchStep(store, {
        mode: "search",
        run: 3,
        group: 1,
        partitions: [10],
        k: 5,
        exact: 0,
        membersRun: 1,
      }),
    ).toEqual({ rows: 0, objects: [] });
    // The full run searches every member of its own objects.
    expect(await search(1, 0, [0, 1])).toEqual(["1-2", "1-3", "2-1", "2-3", "3-1", "3-2"]);
  });

  it("has a full search write each partition's members as one object, which incremental searches read instead of every shard's", async () => {
    const unit = new Float32Array(256);
    unit[0] = 1;
    const v = Buffer.from(unit.buffer).toString("base64");
    const line = (p: number, rid: number) => `{"p":${p},"rid":${rid},"v":"${v}"}\n`;
    const prefix = "tables/ivf_members/run=1/group=0/";
    // Run 1 (full): 1, 2, 3 in partition 0, 4 and 5 in partition 1, 6 in partition 2, over two shards.
    const full = new Map<string, string>([
      [`${prefix}written=1-shard=0.json`, line(0, 1) + line(0, 2) + line(0, 3) + line(1, 4)],
      [`${prefix}written=1-shard=1.json`, line(1, 5) + line(2, 6)],
    ]);
    const event = { mode: "search" as const, group: 0, partitions: [0, 1, 2], k: 5, exact: 1 };
    const compacted = new Map(full);
    await searchStep(memoryStore(compacted), { ...event, run: 1 });
    expect(compacted.get(`${prefix}partitions.json`)).toBe("[0,1,2]");
    expect(compacted.get(`${prefix}partition=1.json`)).toBe(line(1, 4) + line(1, 5));
    // Run 2 adds 7 and moves 2, both to partition 1.
    const run2 = `${prefix}written=2-shard=0.json`;
    compacted.set(run2, line(1, 7) + line(1, 2));
    const uncompacted = new Map(full).set(run2, line(1, 7) + line(1, 2));
    const gets: string[] = [];
    const out = await searchStep(memoryStore(compacted, gets), { ...event, run: 2, membersRun: 1 });
    const expected = ["2-4", "2-5", "2-7", "7-2", "7-4", "7-5"];
    expect(hitPairs(compacted, out.objects)).toEqual(expected);
    expect(gets.sort()).toEqual([`${prefix}partition=1.json`, `${prefix}partitions.json`, run2]);
    // Without the partition objects (an older run) or before the list is written (a search stopped
    // half-way), the record shards' objects give the same hits.
    const before = await searchStep(memoryStore(uncompacted), { ...event, run: 2, membersRun: 1 });
    expect(hitPairs(uncompacted, before.objects)).toEqual(expected);
    compacted.delete(`${prefix}partitions.json`);
    const halfway = await searchStep(memoryStore(compacted), { ...event, run: 2, membersRun: 1 });
    expect(hitPairs(compacted, halfway.objects)).toEqual(expected);
  });

  it("embeds one text into one vector whichever record shard holds it (frequencies from the sample, not the shard)", async () => {
    const objects = new Map<string, string>();
    const store = memoryStore(objects);
    const record = (rid: number, title: string) => ({ rid, sr_id: `r${rid}`, title, artists: "New Order" });
    // The same record text in two shards whose other records differ (so their own frequencies differ).
    const shards = [
      [record(0, "Blue Monday"), record(2, "Blue Moon"), record(4, "Blue Velvet")],
      [record(1, "Blue Monday"), record(3, "Regret"), record(5, "Crystal")],
    ];
    const keys = shards.map((_, i) => `tables/record_shards/run=1/shard=${i}/data_0.json`);
    shards.forEach((rows, i) => {
      objects.set(keys[i] as string, toJsonLines(rows));
    });
    await centroidsStep(store, { mode: "centroids", run: 1, keys, centroids: 1, sample: 6 });
    for (const key of keys) await assignStep(store, [key], 1, 1);
    const vectorOf = new Map<number, string>();
    for (const [key, body] of objects)
      if (key.startsWith("tables/ivf_members/"))
        for (const line of body.trim().split("\n")) {
          const member = JSON.parse(line) as { rid: number; v: string };
          vectorOf.set(member.rid, member.v);
        }
    expect(vectorOf.size).toBe(6);
    expect(vectorOf.get(0)).toBe(vectorOf.get(1));
    expect(vectorOf.get(2)).not.toBe(vectorOf.get(0));
    // A batch of both shards (one assign child) writes one object per group with the same lines.
    const single = [...objects].filter(([key]) => key.startsWith("tables/ivf_members/"));
    for (const [key] of single) objects.delete(key);
    const batch = await assignStep(store, keys, 1, 1);
    expect(batch).toEqual({
      rows: 6,
      objects: ["tables/ivf_members/run=1/group=0/written=1-shard=0-data_0.json.json"],
    });
    const lines = (bodies: string[]) => bodies.flatMap((b) => b.trim().split("\n")).sort();
    expect(lines([objects.get(batch.objects[0] as string) as string])).toEqual(
      lines(single.map(([, b]) => b)),
    );
    expect(single).toHaveLength(2);
  });
});
