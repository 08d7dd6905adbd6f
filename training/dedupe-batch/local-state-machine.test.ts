import { describe, expect, it } from "vitest";
import { dedupeDefinition } from "./definition.ts";
import { PLAIN_REFS } from "./definition-fixture.ts";
import { inlineDistributedMaps, itemsState } from "./local-state-machine.ts";

type Def = Parameters<typeof inlineDistributedMaps>[0];

describe("inlineDistributedMaps (what the emulator runs instead of a Distributed Map)", () => {
  const original = dedupeDefinition(PLAIN_REFS) as unknown as Def;
  const local = inlineDistributedMaps(original);

  it("puts a listing task before each Distributed Map and points every transition at it", () => {
    expect(local.States.CopyPairShards?.Next).toBe(itemsState("ScoreShards"));
    expect(local.States.CopyRepairRows?.Next).toBe(itemsState("RepairComponents"));
    expect(local.States[itemsState("ScoreShards")]).toMatchObject({
      Type: "Task",
      ResultPath: "$.items",
      Next: "ScoreShards",
    });
  });

  it("keeps the map's processor, concurrency and retries, and drops only what the emulator lacks", () => {
    const map = local.States.ScoreShards as Record<string, unknown>;
    expect(map.ItemsPath).toBe("$.items");
    expect(map.MaxConcurrency).toBe((original.States.ScoreShards as Record<string, unknown>).MaxConcurrency);
    for (const dropped of ["ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage"])
      expect(map).not.toHaveProperty(dropped);
    const processor = map.ItemProcessor as {
      States: Record<string, { Retry: unknown }>;
      ProcessorConfig?: unknown;
    };
    expect(processor.ProcessorConfig).toBeUndefined();
    expect(processor.States.ScoreShard?.Retry).toEqual(
      (original.States.ScoreShards as { ItemProcessor: { States: Record<string, { Retry: unknown }> } })
        .ItemProcessor.States.ScoreShard?.Retry,
    );
  });

  it("leaves every other state as the stack deploys it", () => {
    for (const name of ["Propagate", "Converged?", "NextStep", "Incremental?", "CarryScores"])
      expect(local.States[name]).toEqual(original.States[name]);
  });

  it("keeps a Distributed Map over the state's items (the IVF search) as an inline Map over the same items", () => {
    const map = local.States.SearchPartitions as Record<string, unknown>;
    const before = original.States.SearchPartitions as Record<string, unknown>;
    expect(map.ItemsPath).toBe(before.ItemsPath);
    expect(map.ItemSelector).toEqual(before.ItemSelector);
    expect(local.States[itemsState("SearchPartitions")]).toBeUndefined();
    expect((map.ItemProcessor as Record<string, unknown>).ProcessorConfig).toBeUndefined();
    expect(local.States.Centroids?.Next).toBe(itemsState("AssignShards"));
    const assign = original.States.AssignShards as { ItemBatcher: { BatchInput: unknown } };
    expect(local.States[itemsState("AssignShards")]?.Parameters).toEqual(assign.ItemBatcher.BatchInput);
  });
});
