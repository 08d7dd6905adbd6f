import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { LinearScorer } from "../../lambda/model.ts";
import { parseJsonLines, repairShard, scoreShard, toJsonLines } from "./shard-worker.ts";
import { type BatchEvent, type BatchResult, outputKey } from "./worker-handler.ts";

/**
 * The scorer Lambda's work on a local directory laid out like the bucket: the same shard functions,
 * the same output keys; files instead of S3 objects. Runs in a worker thread (./shard-thread.ts) or
 * in-process.
 */
export function runBatchLocally(dir: string, model: LinearScorer, event: BatchEvent): BatchResult {
  const { mode, run } = event.BatchInput;
  let rows = 0;
  const objects: string[] = [];
  for (const item of event.Items) {
    const input = parseJsonLines(readFileSync(join(dir, item.Key), "utf8"));
    const output =
      mode === "score"
        ? scoreShard(input, model)
        : repairShard(input, model, {
            threshold: event.BatchInput.threshold,
            cannotLinkBelow: event.BatchInput.cannotLinkBelow,
          });
    const key = outputKey(item.Key, mode === "score" ? "scores" : "repaired", run);
    mkdirSync(dirname(join(dir, key)), { recursive: true });
    writeFileSync(join(dir, key), toJsonLines(output));
    rows += output.length;
    objects.push(key);
  }
  return { rows, objects };
}
