import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EXAMPLE_RECORDS } from "../../lambda/catalog-fixture.ts";
import { modelFixture } from "../../lambda/model-fixture.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { blockKeys } from "../dedupe/blocking.ts";
import type { DedupeKeys } from "../dedupe/keys.ts";
import { prepareStage } from "../dedupe/pipeline.ts";
import { DEFAULT_LIMITS, type RunInput } from "./definition.ts";
import { DuckDbStages } from "./duckdb-stages.ts";
import { runLocalStateMachine } from "./local-state-machine.ts";
import { runBatchLocally } from "./local-worker.ts";
import { RECORD_FIELDS } from "./sql.ts";

// The incremental branch of the state machine, run in the emulator on DuckDB: run 2 marks one record
// changed; only it is embedded and searched for (run 1's centroids and members kept), only pairs
// touching it are scored again, the others keep run 1's scores.
const RECORDS: SoundRecording[] = [
  ...EXAMPLE_RECORDS,
  { sr_id: "a1", title: "Мой сон", artists: "Кино", isrcs: null, contributors: null },
  { sr_id: "a2", title: "Moy son", artists: "Kino", isrcs: null, contributors: null },
];
const model = modelFixture();
const dir = mkdtempSync(join(tmpdir(), "incremental-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(stages: DuckDbStages, run: number, changed: (id: string) => boolean): Promise<void> {
  const { keys } = prepareStage(RECORDS);
  const lines = RECORDS.map((r, rid) => {
    const row: Record<string, unknown> = { rid, changed: changed(r.sr_id) };
    for (const [name] of RECORD_FIELDS) row[name] = (r as unknown as Record<string, unknown>)[name] ?? null;
    row.block_keys = blockKeys(keys[rid] as DedupeKeys);
    return JSON.stringify(row);
  });
  const file = join(dir, `records-${run}.jsonl`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  await stages.toParquet(file, "records", join(dir, `records-${run}.parquet`));
  await stages.loadParquet("records", run, join(dir, `records-${run}.parquet`));
}

describe("incremental mode", () => {
  it("embeds and scores only changed records, carries the rest, and keeps the clusters", async () => {
    const stages = await DuckDbStages.open(join(dir, "bucket"));
    const input = (run: number, incremental: 0 | 1): RunInput => ({
      run,
      threshold: model.threshold,
      maxBlock: 50,
      shards: 2,
      incremental,
      previousRun: run - 1,
      cannotLinkBelow: 0.1,
      search: "ivf",
      searchAll: incremental === 1 ? 0 : 1,
      minhashParts: 1,
      k: 3,
      recordShards: 2,
      centroids: 2,
      sampleSize: 1000,
      probes: 2,
      exactKnn: 0,
    });
    const services = {
      stages,
      limits: DEFAULT_LIMITS,
      invoke: async (event: Parameters<typeof runBatchLocally>[2]) =>
        runBatchLocally(stages.dir, model, event),
    };
    try {
      await load(stages, 1, () => true);
      await runLocalStateMachine(input(1, 0), services);
      await load(stages, 2, (id) => id === "a2");
      await runLocalStateMachine(input(2, 1), services);
      const count = async (sql: string) => Number((await stages.query(sql))[0]?.n);
      const all = await count("SELECT count(*) AS n FROM scored_pairs WHERE run = 1");
      const rescored = await count("SELECT count(*) AS n FROM candidates WHERE run = 2 AND carry = 0");
      expect(rescored).toBeGreaterThan(0);
      expect(rescored).toBeLessThan(all);
      expect(await count("SELECT count(*) AS n FROM scored_pairs WHERE run = 2")).toBe(all);
      const clusters = async (run: number) =>
        (await stages.query(`SELECT sr_id, cluster FROM clusters WHERE run = ${run} ORDER BY sr_id`)).map(
          (r) => `${r.sr_id}:${r.cluster}`,
        );
      expect(await clusters(2)).toEqual(await clusters(1));

      // The embedding stage: run 1's centroids reused, the changed record's members added beside
      // run 1's, and its neighbours the ones run 1 found for it (same text, same vector).
      const changed = RECORDS.findIndex((r) => r.sr_id === "a2");
      const centroids = (run: number) =>
        JSON.parse(readFileSync(join(stages.dir, `tables/ivf_centroids/run=${run}/centroids.json`), "utf8"));
      expect(centroids(2)).toEqual({ ...centroids(1), membersRun: 1 });
      const written = (run: number) =>
        readdirSync(join(stages.dir, "tables/ivf_members/run=1"), { recursive: true })
          .map(String)
          .filter((f) => f.includes(`written=${run}-`));
      expect(written(2).length).toBeGreaterThan(0);
      const members = written(2).flatMap((f) =>
        readFileSync(join(stages.dir, "tables/ivf_members/run=1", f), "utf8")
          .trim()
          .split("\n")
          .map((l) => (JSON.parse(l) as { rid: number }).rid),
      );
      expect(new Set(members)).toEqual(new Set([changed]));
      expect(existsSync(join(stages.dir, "tables/ivf_members/run=2"))).toBe(false);
      const knn = async (run: number) =>
        (await stages.query(`SELECT a, b FROM knn_pairs WHERE run = ${run} ORDER BY a, b`)).map(
          (r) => `${r.a}-${r.b}`,
        );
      expect(await knn(2)).toEqual((await knn(1)).filter((pair) => pair.startsWith(`${changed}-`)));
      expect(await knn(2)).not.toEqual([]);
    } finally {
      stages.close();
    }
  });
});
