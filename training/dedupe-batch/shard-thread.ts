import { parentPort, workerData } from "node:worker_threads";
import { parseModel } from "../../lambda/model.ts";
import { runBatchLocally } from "./local-worker.ts";
import { writeSnapshotChunk } from "./snapshot-chunk.ts";
import type { ThreadTask } from "./thread-pool.ts";

// One worker thread of the local engine: the model parsed once, then one batch or snapshot chunk per message.
const { dir, modelJson } = workerData as { dir: string; modelJson: string };
const model = parseModel(modelJson);
parentPort?.on("message", async ({ id, task }: { id: number; task: ThreadTask }) => {
  try {
    const result =
      "chunk" in task ? writeSnapshotChunk(task.chunk) : await runBatchLocally(dir, model, task.event);
    parentPort?.postMessage({ id, result });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
