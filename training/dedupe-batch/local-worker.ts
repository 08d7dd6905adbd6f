import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { LinearScorer } from "../../lambda/model.ts";
import { assignStep, type ObjectStore, stepOf } from "./ivf-worker.ts";
import { shardBatch, type WorkerEvent, type WorkerResult } from "./worker-handler.ts";

/** A directory laid out like the bucket, as the IVF steps' object store. */
export function directoryStore(dir: string): ObjectStore {
  return {
    get: async (key) => readFileSync(join(dir, key), "utf8"),
    async put(key, body) {
      mkdirSync(dirname(join(dir, key)), { recursive: true });
      writeFileSync(join(dir, key), body);
    },
    async list(prefix) {
      if (!existsSync(join(dir, prefix))) return [];
      return readdirSync(join(dir, prefix), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)))
        .sort();
    },
  };
}

/**
 * The worker Lambda's work on a local directory laid out like the bucket: the same shard and IVF
 * functions, the same output keys; files instead of S3 objects. Runs in a worker thread
 * (./shard-thread.ts) or in-process.
 */
export async function runBatchLocally(
  dir: string,
  model: LinearScorer,
  event: WorkerEvent,
): Promise<WorkerResult> {
  const store = directoryStore(dir);
  if (!("Items" in event)) return stepOf(store, event);
  const input = event.BatchInput;
  if (input.mode === "assign")
    return assignStep(
      store,
      event.Items.map((item) => item.Key),
      input.run,
      input.probes,
    );
  return shardBatch(event.Items, input, model, {
    ...store,
    bytes: async (key) => readFileSync(join(dir, key)),
  });
}
