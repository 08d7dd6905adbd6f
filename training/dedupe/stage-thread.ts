import { deserialize } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import { parseModel } from "../../lambda/model.ts";
import type { PreparedRecording, SoundRecording } from "../../lambda/recording.ts";
import { applyRule, BLOCKING_RULES } from "./blocking.ts";
import type { DedupeKeys } from "./keys.ts";
import { bandNeighbours, fillBand, signRows } from "./minhash.ts";
import { prepareStage } from "./pipeline.ts";
import { pairProbability } from "./score.ts";
import type { StageReply, StageTask } from "./stage-pool.ts";

// One worker thread of the threaded dedupe: it prepares the whole catalog once, as its records
// arrive (every pair may meet any record), then answers the main thread's tasks against it.
const { modelJson } = workerData as { modelJson: string };
const model = parseModel(modelJson);
const prepared: PreparedRecording[] = [];
const keys: DedupeKeys[] = [];
let texts: string[] | undefined;

const at = (i: number): PreparedRecording => prepared[i] as PreparedRecording;

function run(task: StageTask): { reply: StageReply; transfer: ArrayBuffer[] } {
  if (task.kind === "records") {
    const part = prepareStage(deserialize(task.serialised) as SoundRecording[]);
    for (let i = 0; i < part.prepared.length; i++) {
      prepared.push(part.prepared[i] as PreparedRecording);
      keys.push(part.keys[i] as DedupeKeys);
    }
    texts = undefined;
    return { reply: { records: prepared.length }, transfer: [] };
  }
  if (task.kind === "texts")
    return { reply: keys.slice(task.start, task.end).map((k) => k.embeddingText), transfer: [] };
  if (task.kind === "block") {
    const blocks = applyRule(
      BLOCKING_RULES[task.rule] as (typeof BLOCKING_RULES)[number],
      keys,
      task.maxBlock,
    );
    return { reply: blocks, transfer: [blocks.pairs.buffer as ArrayBuffer] };
  }
  if (task.kind === "minhash-sign") {
    texts ??= keys.map((k) => k.embeddingText);
    signRows(texts, task.tables, task.from, task.to);
    return { reply: null, transfer: [] };
  }
  if (task.kind === "minhash-band") {
    fillBand(task.tables, task.band);
    return { reply: null, transfer: [] };
  }
  if (task.kind === "minhash-top") {
    const lists = bandNeighbours(task.k, task.tables, task.fromBand, task.toBand);
    return { reply: lists, transfer: [lists.buffer as ArrayBuffer] };
  }
  const p = new Float32Array(task.a.length);
  for (let i = 0; i < p.length; i++)
    p[i] = pairProbability(model, at(task.a[i] as number), at(task.b[i] as number));
  return { reply: p, transfer: [p.buffer as ArrayBuffer] };
}

parentPort?.on("message", ({ id, task }: { id: number; task: StageTask }) => {
  try {
    const { reply, transfer } = run(task);
    parentPort?.postMessage({ id, reply }, transfer);
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
