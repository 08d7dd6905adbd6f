import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../lambda/catalog.ts";
import { type Model, parseModel } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
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
const dir = mkdtempSync(join(tmpdir(), "batch-incremental-"));

/** The clusters as sets of sr_ids, each written as its sorted members. */
function clusters(r: BatchDedupeResult): Set<string> {
  const members = new Map<number, string[]>();
  r.srIds.forEach((id, i) => {
    const c = r.clustering.clusterOf[i] as number;
    members.set(c, [...(members.get(c) ?? []), id]);
  });
  return new Set([...members.values()].map((m) => m.sort().join(" ")));
}

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
  await runBatchDedupe(before, model, { ...options, dir: join(dir, "work") });
  updated = await runBatchDedupe(after, model, { ...options, dir: join(dir, "work"), incremental: true });
  fresh = await runBatchDedupe(after, model, { ...options, dir: join(dir, "fresh") });
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("an incremental run of the DuckDB engine", () => {
  it("numbers the run and counts the edited and new records as changed, and drops the deleted ones", () => {
    expect(updated.run).toBe(2);
    expect(updated.changedRecords).toBe(EDITED.length + COPIED.length);
    expect(new Set(updated.srIds)).toEqual(new Set(after.map((r) => r.sr_id)));
    for (const i of DELETED) expect(updated.srIds).not.toContain(before[i]?.sr_id);
  });

  it("scores only pairs that touch a changed record and carries the other scores", async () => {
    const stages = await DuckDbStages.open(join(dir, "work"));
    try {
      const [scored] = await stages.query(
        `SELECT count(*) AS n, count(*) FILTER (WHERE ra.changed OR rb.changed) AS touching
         FROM candidates c JOIN records ra ON ra.rid = c.a AND ra.run = c.run JOIN records rb ON rb.rid = c.b AND rb.run = c.run
         WHERE c.run = 2`,
      );
      expect(Number(scored?.n)).toBeGreaterThan(0);
      expect(Number(scored?.touching)).toBe(Number(scored?.n));
      expect(Number(scored?.n)).toBeLessThan(updated.scored.p.length / 10);
    } finally {
      stages.close();
    }
  });

  it("clusters the changed catalog as a fresh run does, the copies with their originals", () => {
    expect(clusters(updated)).toEqual(clusters(fresh));
    COPIED.forEach((i, n) => {
      const at = (id: string) => updated.clustering.clusterOf[updated.srIds.indexOf(id)];
      expect(at(`copy-${n}`)).toBe(at(before[i]?.sr_id as string));
    });
  });

  it("refuses to update a run made with another model (its carried scores would be the old model's)", async () => {
    const other = { ...model, threshold: model.threshold + 0.01 };
    await expect(
      runBatchDedupe(after, other, { dir: join(dir, "work"), exactKnn: true, incremental: true }),
    ).rejects.toThrow(/model differs/);
  });

  it("refuses to update a directory that holds no run", async () => {
    await expect(
      runBatchDedupe(after, model, { dir: join(dir, "empty"), exactKnn: true, incremental: true }),
    ).rejects.toThrow(/no earlier run/);
  });
});
