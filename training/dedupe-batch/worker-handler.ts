import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { type LinearScorer, type Model, parseModel } from "../../lambda/model.ts";
import { keysUnder } from "./bucket-keys.ts";
import { tablePrefix } from "./definition.ts";
import {
  assignStep,
  type CentroidsEvent,
  type CentroidsResult,
  type ObjectStore,
  type ReuseCentroidsEvent,
  type SearchEvent,
  stepOf,
} from "./ivf-worker.ts";
import { itemObjects, shardOutput, textOf, toJsonLines } from "./shard-worker.ts";

/** The batch input of a map over S3 objects: what the worker does with each object. */
export type BatchInput =
  | { mode: "score" | "repair"; run: number; threshold: number; cannotLinkBelow: number }
  | { mode: "assign"; run: number; probes: number };

/** What a Distributed Map batch hands the function: S3 objects (ItemReader) and the batch input. */
export interface BatchEvent {
  Items: { Key: string }[];
  BatchInput: BatchInput;
}

/** Rows and objects written, for the map's ResultWriter. */
export interface BatchResult {
  rows: number;
  objects: string[];
}

/** Every event the worker takes: a batch of objects, the IVF centroids (made or reused), or one partition group's search. */
export type WorkerEvent = BatchEvent | CentroidsEvent | ReuseCentroidsEvent | SearchEvent;
export type WorkerResult = BatchResult | CentroidsResult;

interface Config {
  bucket: string;
  modelKey: string;
  client: S3Client;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new TypeError(`${name} must be set`);
  return value;
}

let config: Config | undefined;
let model: Promise<Model> | undefined;

/** An S3 client; S3_ENDPOINT / S3_FORCE_PATH_STYLE only for an S3-compatible server (tests, local). */
export function s3ClientFromEnv(): S3Client {
  return new S3Client({
    ...(process.env.S3_ENDPOINT ? { endpoint: process.env.S3_ENDPOINT } : {}),
    forcePathStyle: process.env.S3_FORCE_PATH_STYLE === "true",
  });
}

/** Read once per process. */
function settings(): Config {
  config ??= { bucket: required("DATA_BUCKET"), modelKey: required("MODEL_KEY"), client: s3ClientFromEnv() };
  return config;
}

async function readBytes(c: Config, key: string): Promise<Uint8Array> {
  const out = await c.client.send(new GetObjectCommand({ Bucket: c.bucket, Key: key }));
  return (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
}

/** An object's text: the model, or the IVF steps' JSON objects. */
async function read(c: Config, key: string): Promise<string> {
  return textOf(await readBytes(c, key));
}

/** The output object of an input object: the same name under the output table, so a retry overwrites it. */
export function outputKey(inputKey: string, table: "scores" | "repaired", run: number): string {
  const name = inputKey
    .split("/")
    .slice(-2)
    .join("-")
    .replace(/[^A-Za-z0-9._=-]/g, "_");
  return `${tablePrefix(table)}run=${run}/${name}.json`;
}

function s3Store(c: Config): ObjectStore {
  return {
    get: (key) => read(c, key),
    async put(key, body) {
      await c.client.send(
        new PutObjectCommand({ Bucket: c.bucket, Key: key, Body: body, ContentType: "application/x-ndjson" }),
      );
    },
    list: async (prefix) => (await keysUnder(c.client, c.bucket, prefix)).sort(),
  };
}

/** Lambda adapter: the IVF steps, or for each shard object: score (or repair) it and write its rows as JSON lines. */
export async function handler(event: BatchEvent | SearchEvent): Promise<BatchResult>;
export async function handler(event: CentroidsEvent | ReuseCentroidsEvent): Promise<CentroidsResult>;
export async function handler(event: WorkerEvent): Promise<WorkerResult>;
export async function handler(event: WorkerEvent): Promise<WorkerResult> {
  const c = settings();
  const store = s3Store(c);
  if (!("Items" in event)) return stepOf(store, event);
  const input = event.BatchInput;
  if (input.mode === "assign") {
    const keys = event.Items.map((item) => item.Key);
    return assignStep(store, keys, input.run, input.probes);
  }
  if (!model) {
    const loading = read(c, c.modelKey).then(parseModel);
    loading.catch(() => {
      model = undefined;
    });
    model = loading;
  }
  return shardBatch(event.Items, input, await model, { ...store, bytes: (key) => readBytes(c, key) });
}

/** The bucket as the score and repair maps use it: objects' bytes, listings and written objects. */
export type ShardStore = Pick<ObjectStore, "put" | "list"> & { bytes(key: string): Promise<Uint8Array> };

/**
 * One batch of the score or repair map: each item's objects (./shard-worker.ts's itemObjects) scored
 * or repaired, its rows written as JSON lines under the item's output key; an item that stands for
 * no object writes nothing.
 */
export async function shardBatch(
  items: readonly { Key: string }[],
  input: Extract<BatchInput, { mode: "score" | "repair" }>,
  model: LinearScorer,
  store: ShardStore,
): Promise<BatchResult> {
  let rows = 0;
  const objects: string[] = [];
  for (const item of items) {
    const keys = await itemObjects(input.mode, item.Key, store.list);
    if (keys.length === 0) continue;
    const output = await shardOutput(await Promise.all(keys.map(store.bytes)), model, input);
    const key = outputKey(item.Key, input.mode === "score" ? "scores" : "repaired", input.run);
    await store.put(key, toJsonLines(output));
    rows += output.length;
    objects.push(key);
  }
  return { rows, objects };
}
