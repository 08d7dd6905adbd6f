import { parentPort, workerData } from "node:worker_threads";
import { parseModel } from "../../lambda/model.ts";
import { runBatchLocally } from "./local-worker.ts";
import type { WorkerEvent } from "./worker-handler.ts";

// One worker thread of the local engine: the model parsed once, then one batch per message.
const { dir, modelJson } = workerData as { dir: string; modelJson: string };
const model = parseModel(modelJson);
parentPort?.on("message", async ({ id, event }: { id: number; event: WorkerEvent }) => {
  try {
    parentPort?.postMessage({ id, result: await runBatchLocally(dir, model, event) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
