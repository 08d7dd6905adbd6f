import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
// changed; only pairs touching it are scored again, the others keep run 1's scores.
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
  it("scores only pairs touching changed records, carries the rest, and keeps the clusters", async () => {
    const stages = await DuckDbStages.open(join(dir, "bucket"));
    const input = (run: number, incremental: 0 | 1): RunInput => ({
      run,
      threshold: model.threshold,
      maxBlock: 50,
      shards: 2,
      incremental,
      previousRun: run - 1,
      cannotLinkBelow: 0.1,
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
      const all = await count("SELECT count(*) AS n FROM scores WHERE run = 1");
      const rescored = await count("SELECT count(*) AS n FROM candidates WHERE run = 2");
      expect(rescored).toBeGreaterThan(0);
      expect(rescored).toBeLessThan(all);
      expect(await count("SELECT count(*) AS n FROM scores WHERE run = 2")).toBe(all);
      const clusters = async (run: number) =>
        (await stages.query(`SELECT sr_id, cluster FROM clusters WHERE run = ${run} ORDER BY sr_id`)).map(
          (r) => `${r.sr_id}:${r.cluster}`,
        );
      expect(await clusters(2)).toEqual(await clusters(1));
    } finally {
      stages.close();
    }
  });
});
