import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { encodeRecording } from "../lambda/dynamo-codec.ts";
import { prepareRecording } from "../lambda/recording.ts";
import type { CatalogFile } from "./catalog-file.ts";

/** BatchWriteItem's limit: 25 items per call. */
export const BATCH_SIZE = 25;

/** How often the checkpoint file is rewritten while batches complete. */
const CHECKPOINT_EVERY_MS = 500;

/** Options of {@link uploadCatalog}. */
export interface UploadOptions {
  client: DynamoDBClient;
  table: string;
  /** BatchWriteItem calls in flight at once; default 16. */
  concurrency?: number;
  /**
   * File recording how far the upload got (records in id order, all before it written), read at start
   * to resume after a crash and deleted at the end. Absent: start from the first record.
   */
  checkpointPath?: string;
  /** Attempts of one batch while DynamoDB leaves items unprocessed (throttling); default 10. */
  maxAttempts?: number;
  /** First back-off after an attempt left items unprocessed, doubling with jitter; default 50 ms. */
  backoffMs?: number;
  /** Told after each batch: records done so far (skipped ones included) and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** What an upload did. */
export interface UploadResult {
  total: number;
  /** Records written by this run (the others were already written by a run it resumed). */
  written: number;
  resumedFrom: number;
  /** BatchWriteItem calls that had to be repeated for unprocessed items. */
  retries: number;
  seconds: number;
}

interface Checkpoint {
  table: string;
  total: number;
  done: number;
}

/**
 * Writes every recording of a catalog to a DynamoDB table as items of lambda/dynamo-codec.ts (raw
 * fields, prepared form, and the neighbours of the catalog's retrieval index when it has one, for
 * `/matches`), with parallel BatchWriteItem calls of 25. Idempotent: an item is put
 * whole under its sr_id, so writing it again changes nothing. Resumable: the checkpoint holds the
 * number of leading records (in id order) all written, saved as batches complete in order; a crashed
 * run restarts there and at most rewrites the batches that were in flight.
 */
export async function uploadCatalog(catalog: CatalogFile, options: UploadOptions): Promise<UploadResult> {
  const { client, table, concurrency = 16, checkpointPath, onProgress } = options;
  const started = performance.now();
  const total = catalog.size;
  const resumedFrom = checkpointPath ? await readCheckpoint(checkpointPath, table, total) : 0;
  let retries = 0;
  let contiguous = resumedFrom;
  const finished = new Map<number, number>(); // batch start -> its size, for batches done out of order
  let saving = Promise.resolve();
  let savedAt = 0;
  const inFlight = new Set<Promise<void>>();

  const complete = (start: number, size: number) => {
    finished.set(start, size);
    while (finished.has(contiguous)) {
      const next = contiguous + (finished.get(contiguous) as number);
      finished.delete(contiguous);
      contiguous = next;
    }
    onProgress?.(contiguous, total);
    if (checkpointPath && performance.now() - savedAt >= CHECKPOINT_EVERY_MS) {
      savedAt = performance.now();
      const done = contiguous;
      // Written beside, then renamed over: a crash mid-write never leaves a truncated checkpoint.
      saving = saving.then(async () => {
        await writeFile(`${checkpointPath}.tmp`, JSON.stringify({ table, total, done } satisfies Checkpoint));
        await rename(`${checkpointPath}.tmp`, checkpointPath);
      });
    }
  };

  let index = 0;
  let batch: WriteRequest[] = [];
  let batchStart = resumedFrom;
  const flush = async () => {
    const requests = batch;
    const start = batchStart;
    batch = [];
    batchStart = index;
    const task = writeBatch(client, table, requests, options).then((repeats) => {
      retries += repeats;
      complete(start, requests.length);
    });
    inFlight.add(task);
    task.finally(() => inFlight.delete(task)).catch(() => {});
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };

  onProgress?.(resumedFrom, total);
  try {
    const neighbours = catalog.neighbourLookup();
    for (const raw of catalog.records()) {
      if (index++ < resumedFrom) continue;
      const item = encodeRecording(prepareRecording(raw), neighbours?.(raw.sr_id));
      batch.push({ PutRequest: { Item: item } });
      if (batch.length === BATCH_SIZE) await flush();
    }
    if (batch.length > 0) await flush();
    await Promise.all(inFlight);
  } finally {
    // A failed batch ends the upload; the checkpoint of what did finish is saved first (a failed
    // save does not hide the batch's error: the next run then redoes a little more).
    await saving.catch(() => {});
  }
  if (checkpointPath) await rm(checkpointPath, { force: true });
  return {
    total,
    written: total - resumedFrom,
    resumedFrom,
    retries,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Writes one batch, repeating the items DynamoDB left unprocessed with back-off; returns the repeats. */
async function writeBatch(
  client: DynamoDBClient,
  table: string,
  requests: WriteRequest[],
  { maxAttempts = 10, backoffMs = 50 }: UploadOptions,
): Promise<number> {
  let pending = requests;
  for (let attempt = 0; ; attempt++) {
    const response = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
    pending = response.UnprocessedItems?.[table] ?? [];
    if (pending.length === 0) return attempt;
    if (attempt + 1 >= maxAttempts) {
      throw new Error(
        `${pending.length} items still unprocessed after ${maxAttempts} attempts; run again to resume`,
      );
    }
    const delay = backoffMs * 2 ** attempt;
    await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
  }
}

async function readCheckpoint(path: string, table: string, total: number): Promise<number> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return 0;
  }
  const checkpoint = JSON.parse(text) as Partial<Checkpoint>;
  if (checkpoint.table !== table || checkpoint.total !== total || typeof checkpoint.done !== "number") {
    throw new RangeError(
      `checkpoint ${path} belongs to another upload (table or catalog differ); delete it to start over`,
    );
  }
  return checkpoint.done;
}
