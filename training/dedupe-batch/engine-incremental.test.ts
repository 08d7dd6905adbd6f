import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { type Model, parseModel } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { CANDIDATE_SOURCES } from "../dedupe/blocking.ts";
import { clusterSets, scoredPairIds } from "../dedupe/run-sets.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { type BatchDedupeResult, runBatchDedupe } from "./engine.ts";

// `npm run dedupe -- --engine duckdb --incremental`: the first SAMPLE sample records deduplicated,
// then a day's changes (titles edited, records deleted, exact copies added under new sr_ids) applied
// as an incremental run on the same work directory, against a fresh run of the changed catalog.
// Exact neighbours, so that the two runs cannot differ by the ANN index's build order.
const SAMPLE = 3000;
const EDITED = [11, 512, 1499, 2048, 2999];
const DELETED = [7, 1500];
const COPIED = [3, 1024, 2500];
let model: Model;
let before: SoundRecording[];
let after: SoundRecording[];
let updated: BatchDedupeResult;
let fresh: BatchDedupeResult;
/** A third day: one member deleted from a cluster that day two did not touch. */
let third: { dropped: string; updated: BatchDedupeResult; fresh: BatchDedupeResult };
const dir = mkdtempSync(join(tmpdir(), "batch-incremental-"));

beforeAll(async () => {
  model = parseModel(readFileSync("data/model.json", "utf8"));
  const catalog = await Catalog.open(readFileSync("data/db.db"));
  before = [...catalog.all()].slice(0, SAMPLE);
  catalog.close();
  after = before
    .map((r, i) => (EDITED.includes(i) ? { ...r, title: `${r.title} (Live)` } : r))
    .filter((_, i) => !DELETED.includes(i));
  after.push(...COPIED.map((i, n) => ({ ...(before[i] as SoundRecording), sr_id: `copy-${n}` })));
  const options = { exactKnn: true, threads: 2, shards: 8 };
  ({ updated, fresh } = await updateAndFresh(before, after, options, "work"));

  const untouched = await untouchedClusterMember(join(dir, "work"), updated);
  const later = after.filter((r) => r.sr_id !== untouched);
  third = {
    dropped: untouched,
    updated: await runBatchDedupe(later, model, { ...options, dir: join(dir, "work"), incremental: true }),
    fresh: await runBatchDedupe(later, model, { ...options, dir: join(dir, "fresh-3") }),
  };
}, 600_000);

/**
 * Day one deduplicated into the work directory `name`, then day two twice: as an incremental run on
 * that directory and as a fresh run in `<name>-fresh`.
 */
async function updateAndFresh(
  day1: SoundRecording[],
  day2: SoundRecording[],
  options: Omit<Parameters<typeof runBatchDedupe>[2], "dir" | "incremental">,
  name: string,
): Promise<{ updated: BatchDedupeResult; fresh: BatchDedupeResult }> {
  await runBatchDedupe(day1, model, { ...options, dir: join(dir, name) });
  return {
    updated: await runBatchDedupe(day2, model, { ...options, dir: join(dir, name), incremental: true }),
    fresh: await runBatchDedupe(day2, model, { ...options, dir: join(dir, `${name}-fresh`) }),
  };
}

/** An sr_id in a cluster of three or more records none of which run 2 found affected. */
async function untouchedClusterMember(work: string, run: BatchDedupeResult): Promise<string> {
  const stages = await DuckDbStages.open(work);
  try {
    const affected = new Set(
      (
        await stages.query(
          "SELECT r.sr_id FROM affected a JOIN records r ON r.rid = a.rid AND r.run = 2 WHERE a.run = 2",
        )
      ).map((r) => String(r.sr_id)),
    );
    const members = new Map<number, string[]>();
    run.srIds.forEach((id, i) => {
      const c = run.clustering.clusterOf[i] as number;
      members.set(c, [...(members.get(c) ?? []), id]);
    });
    const cluster = [...members.values()].find((m) => m.length >= 3 && m.every((id) => !affected.has(id)));
    if (!cluster) throw new Error("no cluster of three that run 2 left untouched");
    return cluster[0] as string;
  } finally {
    stages.close();
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run of 300 records made, then aged by `age` (as an earlier version left it): its update is refused. */
async function expectOldRunRefused(
  name: string,
  age: (stages: DuckDbStages) => Promise<void>,
): Promise<void> {
  const old = join(dir, name);
  const some = before.slice(0, 300);
  await runBatchDedupe(some, model, { dir: old, exactKnn: true, threads: 0, shards: 2 });
  const stages = await DuckDbStages.open(old);
  try {
    await age(stages);
  } finally {
    stages.close();
  }
  await expect(
    runBatchDedupe(some, model, { dir: old, exactKnn: true, threads: 0, incremental: true }),
  ).rejects.toThrow(/earlier version/);
}

describe("an incremental run of the DuckDB engine", () => {
  it("updates the last finished run when a later one stopped part way, and leaves nothing of that one", async () => {
    const some = before.slice(0, 300);
    const later = some.map((r, i) => (i === 5 || i === 200 ? { ...r, title: `${r.title} (Live)` } : r));
    const options = { exactKnn: true, threads: 0, shards: 2 };
    const [clean, stopped] = [join(dir, "clean"), join(dir, "stopped")];
    for (const work of [clean, stopped]) await runBatchDedupe(some, model, { ...options, dir: work });
    // A second run stopped after its snapshot and pair shards (a full disk at 10^7 records): its
    // rows and files stay behind, and no scores or clusters of it were written.
    const stages = await DuckDbStages.open(stopped);
    try {
      await stages.query("INSERT INTO records SELECT * REPLACE (2 AS run) FROM records WHERE run = 1");
    } finally {
      stages.close();
    }
    const shards = join(stopped, "tables/pair_shards");
    cpSync(join(shards, "run=1"), join(shards, "run=2"), { recursive: true });
    const update = (work: string) =>
      runBatchDedupe(later, model, { ...options, dir: work, incremental: true });
    const expected = await update(clean);
    const got = await update(stopped);
    expect(got.run).toBe(2);
    expect(got.changedRecords).toBe(2);
    expect(clusterSets(got)).toEqual(clusterSets(expected));
    expect(scoredPairIds(got)).toEqual(scoredPairIds(expected));
    expect(existsSync(join(shards, "run=3"))).toBe(false);
  });

  it("numbers the run and counts the edited and new records as changed, and drops the deleted ones", () => {
    expect(updated.run).toBe(2);
    expect(updated.changedRecords).toBe(EDITED.length + COPIED.length);
    expect(new Set(updated.srIds)).toEqual(new Set(after.map((r) => r.sr_id)));
    for (const i of DELETED) expect(updated.srIds).not.toContain(before[i]?.sr_id);
  });

  it("scores only pairs that touch a changed record or were not scored before, and carries the other scores", async () => {
    const stages = await DuckDbStages.open(join(dir, "work"));
    try {
      const [scored] = await stages.query(
        `SELECT count(*) AS n, count(*) FILTER (WHERE ra.changed OR rb.changed OR s.a IS NULL) AS new
         FROM candidates c JOIN records ra ON ra.rid = c.a AND ra.run = c.run JOIN records rb ON rb.rid = c.b AND rb.run = c.run
         LEFT JOIN scored_pairs s ON s.run = 1 AND s.a = c.a AND s.b = c.b
         WHERE c.run = 2 AND c.carry = 0`,
      );
      expect(Number(scored?.n)).toBeGreaterThan(0);
      expect(Number(scored?.new)).toBe(Number(scored?.n));
      expect(Number(scored?.n)).toBeLessThan(updated.scored.p.length / 10);
    } finally {
      stages.close();
    }
  });

  it("clusters the changed catalog as a fresh run does, the copies with their originals", () => {
    expect(clusterSets(updated)).toEqual(clusterSets(fresh));
    COPIED.forEach((i, n) => {
      const at = (id: string) => updated.clustering.clusterOf[updated.srIds.indexOf(id)];
      expect(at(`copy-${n}`)).toBe(at(before[i]?.sr_id as string));
    });
  });

  it("copies the unchanged records' snapshot rows, blocking keys included, as a fresh run computes them", async () => {
    const snapshot = async (work: string, run: number) => {
      const stages = await DuckDbStages.open(work);
      try {
        const rows = await stages.query(
          `SELECT sr_id, title, block_keys, minhash_buckets, minhash_low, changed FROM records WHERE run = ${run} ORDER BY sr_id`,
        );
        return new Map(rows.map((r) => [String(r.sr_id), r]));
      } finally {
        stages.close();
      }
    };
    const update = await snapshot(join(dir, "work"), 2);
    const reference = await snapshot(join(dir, "work-fresh"), 1);
    expect([...update.keys()]).toEqual([...reference.keys()]);
    expect([...update.values()].filter((r) => r.changed).length).toBe(EDITED.length + COPIED.length);
    for (const [id, row] of update) {
      const { changed: _, ...fields } = row;
      const { changed: __, ...expected } = reference.get(id) as Record<string, unknown>;
      expect(fields).toEqual(expected);
    }
  });

  it("propagates and repairs only the components its changes touch, and carries the others", async () => {
    const stages = await DuckDbStages.open(join(dir, "work"));
    try {
      const count = async (sql: string) => Number((await stages.query(sql))[0]?.n);
      const links = (run: number) => count(`SELECT count(*) AS n FROM links WHERE run = ${run}`);
      expect(await links(2)).toBeGreaterThan(0);
      expect(await links(2)).toBeLessThan((await links(1)) / 10);
      expect(await count("SELECT count(*) AS n FROM repair_rows WHERE run = 2")).toBeLessThan(
        (await count("SELECT count(*) AS n FROM repair_rows WHERE run = 1")) / 10,
      );
    } finally {
      stages.close();
    }
    expect(updated.clustering.plainComponents).toBe(fresh.clustering.plainComponents);
    expect(updated.clustering.componentsSplit).toBe(fresh.clustering.componentsSplit);
    expect(updated.reclusteredRecords).toBeGreaterThanOrEqual(updated.changedRecords);
    expect(updated.reclusteredRecords).toBeLessThan(after.length / 10);
  });

  it("updates a cluster an earlier update carried untouched, as a fresh run would cluster it", () => {
    expect(third.updated.run).toBe(3);
    expect(third.updated.srIds).not.toContain(third.dropped);
    expect(clusterSets(third.updated)).toEqual(clusterSets(third.fresh));
    expect(third.updated.clustering.plainComponents).toBe(third.fresh.clustering.plainComponents);
  });

  it("counts the records clustered again among those still in the catalog, not the deleted one", async () => {
    const stages = await DuckDbStages.open(join(dir, "work"));
    try {
      const [affected] = await stages.query("SELECT count(*) AS n FROM affected WHERE run = 3");
      expect(Number(affected?.n)).toBeGreaterThan(2);
      expect(third.updated.reclusteredRecords).toBe(Number(affected?.n) - 1);
    } finally {
      stages.close();
    }
  });

  it("refuses to update a run made with another model (its carried scores would be the old model's)", async () => {
    const other = { ...model, threshold: model.threshold + 0.01 };
    await expect(
      runBatchDedupe(after, other, { dir: join(dir, "work"), exactKnn: true, incremental: true }),
    ).rejects.toThrow(/model differs/);
  });

  it("refuses to update a run made before scored pairs and components were kept (it would lose them)", async () => {
    await expectOldRunRefused("old", async (stages) => {
      expect(
        Number((await stages.query("SELECT count(*) AS n FROM links WHERE run = 1"))[0]?.n),
      ).toBeGreaterThan(0);
      await stages.query("DELETE FROM components WHERE run = 1");
    });
  });

  it("refuses to update a run made before the snapshot carried MinHash columns", async () => {
    await expectOldRunRefused("old-minhash", async (stages) => {
      await stages.query("ALTER TABLE records DROP COLUMN minhash_buckets");
    });
  });

  it("refuses to update a run that found its neighbours with another search", async () => {
    await expect(runBatchDedupe(after, model, { dir: join(dir, "work"), incremental: true })).rejects.toThrow(
      /otherwise than --search asks/,
    );
  });

  it("refuses to update a run proposed by other blocking rules, or by unrecorded ones (its masks and keys mean those)", async () => {
    const old = join(dir, "old-rules");
    const some = before.slice(0, 300);
    const options = { dir: old, exactKnn: true, threads: 0, shards: 2 };
    await runBatchDedupe(some, model, options);
    const sources = join(old, "sources.json");
    // As a run made before the last rule was added leaves it: the neighbours' bit one lower.
    writeFileSync(
      sources,
      JSON.stringify(CANDIDATE_SOURCES.filter((_, i) => i !== CANDIDATE_SOURCES.length - 2)),
    );
    await expect(runBatchDedupe(some, model, { ...options, incremental: true })).rejects.toThrow(
      /other blocking rules/,
    );
    rmSync(sources);
    await expect(runBatchDedupe(some, model, { ...options, incremental: true })).rejects.toThrow(
      /other blocking rules/,
    );
  });

  it("refuses to update a directory that holds no run", async () => {
    await expect(
      runBatchDedupe(after, model, { dir: join(dir, "empty"), exactKnn: true, incremental: true }),
    ).rejects.toThrow(/no earlier run/);
  });
});

describe("an incremental run with MinHash neighbours (the default search)", () => {
  let minhash: { updated: BatchDedupeResult; fresh: BatchDedupeResult };
  beforeAll(async () => {
    minhash = await updateAndFresh(before, after, { threads: 2, shards: 8 }, "minhash");
  }, 600_000);

  it("searches every record again and clusters the changed catalog as a fresh run does", () => {
    expect(minhash.updated.changedRecords).toBe(EDITED.length + COPIED.length);
    expect(minhash.updated.knn).toEqual(minhash.fresh.knn);
    expect(clusterSets(minhash.updated)).toEqual(clusterSets(minhash.fresh));
  });

  it("scores every pair a fresh run scores, those of two unchanged records a deletion or an edit brought together too", () => {
    const updated = scoredPairIds(minhash.updated);
    const missed = [...scoredPairIds(minhash.fresh)].filter((pair) => !updated.has(pair));
    expect(missed).toEqual([]);
  });

  it("keeps no pair a fresh run no longer proposes (a copy took its place among a record's k best)", () => {
    const proposed = scoredPairIds(minhash.fresh);
    const kept = [...scoredPairIds(minhash.updated)].filter((pair) => !proposed.has(pair));
    expect(kept).toEqual([]);
    // and each pair with a fresh run's sources and probability, carried ones too
    const byId = (run: BatchDedupeResult) => {
      const { srIds, scored, candidates } = run;
      const sources = new Map<string, string>();
      for (const [a, b, mask] of candidates.entries())
        sources.set([srIds[a], srIds[b]].sort().join(" "), candidates.names(mask));
      return Array.from(scored.p, (p, i) => {
        const pair = [srIds[scored.a[i] as number], srIds[scored.b[i] as number]].sort().join(" ");
        return `${pair}:${sources.get(pair)}:${p}`;
      }).sort();
    };
    expect(byId(minhash.updated)).toEqual(byId(minhash.fresh));
  });
});

describe("an incremental run over a block larger than --max-block", () => {
  // Eight copies of one record in 200 of the sample's: under --max-block 4 their blocks meet by
  // window. Day two adds three more copies in the middle of the catalog, with ids that sort between
  // the old copies': the update numbers them after every old record, a fresh run where they stand.
  const id = (n: number) => `copy-${String(n).padStart(2, "0")}`;
  const copiesOf = (ns: number[]) => ns.map((n) => ({ ...(before[3] as SoundRecording), sr_id: id(n) }));
  let windowed: { updated: BatchDedupeResult; fresh: BatchDedupeResult };

  beforeAll(async () => {
    const some = before.slice(0, 200);
    const day1 = [...some, ...copiesOf([0, 2, 4, 6, 8, 10, 12, 14])];
    const day2 = [
      ...some.slice(0, 100),
      ...copiesOf([5, 9, 13]),
      ...some.slice(100),
      ...copiesOf([0, 2, 4, 6, 8, 10, 12, 14]),
    ];
    const options = { exactKnn: true, k: 0, maxBlock: 4, threads: 0, shards: 2 };
    windowed = await updateAndFresh(day1, day2, options, "windowed");
  }, 300_000);

  it("pairs each copy with the next ones by sr_id, as a fresh run of the changed catalog does", () => {
    expect(windowed.updated.oversizedBlocks.isrc).toEqual({ blocks: 1, records: 12 });
    expect(windowed.updated.oversizedBlocks).toEqual(windowed.fresh.oversizedBlocks);
    expect(scoredPairIds(windowed.updated)).toEqual(scoredPairIds(windowed.fresh));
    // copy-05 stands between copy-04 and copy-06 by id, and meets the next five: 06, 08, 09, 10, 12.
    const pairs = scoredPairIds(windowed.updated);
    for (const later of [6, 8, 9, 10, 12]) expect(pairs.has(`copy-05 ${id(later)}`)).toBe(true);
    for (const later of [13, 14]) expect(pairs.has(`copy-05 ${id(later)}`)).toBe(false);
    expect(clusterSets(windowed.updated)).toEqual(clusterSets(windowed.fresh));
  });
});
