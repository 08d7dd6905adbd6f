import { gunzipSync } from "node:zlib";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { type Model, parseModel } from "../../lambda/model.ts";
import { tablePrefix } from "./definition.ts";
import { parseJsonLines, repairShard, scoreShard, toJsonLines } from "./shard-worker.ts";

/** What a Distributed Map batch hands the function: S3 objects (ItemReader) and the batch input. */
export interface BatchEvent {
  Items: { Key: string }[];
  BatchInput: { mode: "score" | "repair"; run: number; threshold: number; cannotLinkBelow: number };
}

/** Rows and objects written, for the map's ResultWriter. */
export interface BatchResult {
  rows: number;
  objects: string[];
}

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

/** Read once per process; S3_ENDPOINT / S3_FORCE_PATH_STYLE only for an S3-compatible test server. */
function settings(): Config {
  config ??= {
    bucket: required("DATA_BUCKET"),
    modelKey: required("MODEL_KEY"),
    client: new S3Client({
      ...(process.env.S3_ENDPOINT ? { endpoint: process.env.S3_ENDPOINT } : {}),
      forcePathStyle: process.env.S3_FORCE_PATH_STYLE === "true",
    }),
  };
  return config;
}

async function read(c: Config, key: string): Promise<string> {
  const out = await c.client.send(new GetObjectCommand({ Bucket: c.bucket, Key: key }));
  const bytes = Buffer.from(
    await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
  // Athena may write JSON tables gzip-compressed; the magic bytes tell.
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
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

/** Lambda adapter: for each shard object, score (or repair) it and write its rows as JSON lines. */
export async function handler(event: BatchEvent): Promise<BatchResult> {
  const c = settings();
  if (!model) {
    const loading = read(c, c.modelKey).then(parseModel);
    loading.catch(() => {
      model = undefined;
    });
    model = loading;
  }
  const m = await model;
  const { mode, run } = event.BatchInput;
  let rows = 0;
  const objects: string[] = [];
  for (const item of event.Items) {
    const input = parseJsonLines(await read(c, item.Key));
    const output =
      mode === "score"
        ? scoreShard(input, m)
        : repairShard(input, m, {
            threshold: event.BatchInput.threshold,
            cannotLinkBelow: event.BatchInput.cannotLinkBelow,
          });
    const key = outputKey(item.Key, mode === "score" ? "scores" : "repaired", run);
    await c.client.send(
      new PutObjectCommand({
        Bucket: c.bucket,
        Key: key,
        Body: toJsonLines(output),
        ContentType: "application/x-ndjson",
      }),
    );
    rows += output.length;
    objects.push(key);
  }
  return { rows, objects };
}
