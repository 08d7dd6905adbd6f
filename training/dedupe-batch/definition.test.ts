import { describe, expect, it } from "vitest";
import { COPY_CONCURRENCY, dedupeDefinition } from "./definition.ts";
import { PLAIN_REFS } from "./definition-fixture.ts";
import { MAX_MINHASH_PARTS } from "./minhash-parts.ts";
import { MAX_SHARDS, SHARDS_PER_GROUP, TABLES, type TableName } from "./sql.ts";

type State = {
  Type: string;
  Resource?: string;
  Parameters?: { QueryString?: string };
  Next?: string;
  ItemProcessor?: { States: Record<string, State> };
};
const states = dedupeDefinition(PLAIN_REFS).States as unknown as Record<string, State>;
// the states at the top and inside the maps' processors
const everyState = Object.entries(states).flatMap(([name, state]) => [
  [name, state] as const,
  ...Object.entries(state.ItemProcessor?.States ?? {}),
]);
const athenaInserts = everyState.flatMap(([name, state]) => {
  const sql = state.Parameters?.QueryString ?? "";
  const table = /^INSERT INTO (\w+)/.exec(sql)?.[1] as TableName | undefined;
  return table ? [{ name, sql, table }] : [];
});

// Athena writes at most 100 partitions in one INSERT INTO (HIVE_TOO_MANY_OPEN_PARTITIONS past that).
describe("every Athena INSERT writes at most 100 partitions", () => {
  it("finds the stages' inserts in the definition", () => {
    expect(athenaInserts.length).toBeGreaterThan(20);
  });

  it.each(athenaInserts)("$name into $table", ({ sql, table }) => {
    const keys = TABLES[table].partitions.filter((key) => key !== "run");
    expect(keys.length).toBeLessThanOrEqual(1);
    const key = keys[0];
    if (key === undefined) return; // the run's one partition
    if (key === "shard") {
      // a shard-partitioned table is only written one group of its staging table at a time
      expect(sql).toContain(`FROM ${table}_staged WHERE run = ? AND first_shard = ?`);
      expect(SHARDS_PER_GROUP).toBeLessThanOrEqual(100);
    } else if (key === "first_shard") {
      // one partition per group of shards, and at most MAX_SHARDS shards
      expect(sql).toMatch(
        new RegExp(`(\\w+\\.)?shard - (\\w+\\.)?shard % ${SHARDS_PER_GROUP} AS first_shard`),
      );
      expect(MAX_SHARDS / SHARDS_PER_GROUP).toBeLessThanOrEqual(100);
    } else if (key === "part") {
      expect(sql).toMatch(/% \? AS INTEGER\) AS part$/m);
      expect(MAX_MINHASH_PARTS).toBeLessThanOrEqual(100);
    } else if (key === "carry") {
      expect(sql).toMatch(/THEN 1 ELSE 0 END AS carry$/m);
    } else if (key === "iter") {
      expect(sql).toMatch(/(CAST\(\? AS INTEGER\)|0) AS iter/);
    } else throw new Error(`no bound on the partitions of ${table} by ${key}`);
  });
});

describe("the copy of a staging table, group by group", () => {
  it.each([
    ["WriteShards", "CopyPairShards", "$.shards", "ScoreShards"],
    ["WriteRepairRows", "CopyRepairRows", "$.shards", "RepairComponents"],
    ["WriteRecordShards", "CopyRecordShards", "$.recordShards", "NewCentroids?"],
  ])(
    "%s stages its rows, then %s copies each group of 100 below %s, 10 at once",
    (write, copy, shards, next) => {
      expect(states[write]?.Next).toBe(`${copy}Start`);
      expect(states[`${copy}Start`]).toMatchObject({
        Type: "Pass",
        Parameters: {
          "firsts.$": `States.ArrayRange(0, States.MathAdd(${shards}, -1), ${SHARDS_PER_GROUP})`,
        },
        ResultPath: "$.shardGroups",
        Next: copy,
      });
      expect(states[copy]).toMatchObject({
        Type: "Map",
        ItemsPath: "$.shardGroups.firsts",
        ItemSelector: { "run.$": "$.run", "firstShard.$": "$$.Map.Item.Value" },
        MaxConcurrency: COPY_CONCURRENCY,
        ResultPath: null,
        Next: next,
      });
      expect(states[copy]?.ItemProcessor?.States[`${copy}Group`]).toMatchObject({
        Resource: "arn:aws:states:::athena:startQueryExecution.sync",
        End: true,
      });
    },
  );
});
