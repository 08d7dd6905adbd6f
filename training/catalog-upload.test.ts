import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { BatchWriteItemCommand, type DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogBytes, EXAMPLE_RECORDS } from "../lambda/catalog-fixture.ts";
import { type CatalogItem, decodeRecording, neighboursOf } from "../lambda/dynamo-codec.ts";
import { prepareRecording, type SoundRecording } from "../lambda/recording.ts";
import { RETRIEVAL_TABLE } from "../lambda/retrieval.ts";
import { type LoopbackDynamo, startLoopbackDynamo } from "../lib/testing/loopback-dynamo.ts";
import { CatalogFile } from "./catalog-file.ts";
import { uploadCatalog } from "./catalog-upload.ts";

// 3 README records and 120 more: 5 batches of 25 (the last one short).
const RECORDS: SoundRecording[] = [
  ...EXAMPLE_RECORDS,
  ...Array.from({ length: 120 }, (_, i) => ({
    sr_id: `gen-${i}`,
    title: `Song ${i} (Live)`,
    artists: i % 3 === 0 ? null : `Artist ${i % 7}, Guest ${i}`,
    isrcs: i % 2 === 0 ? "None" : `USRC1${String(i).padStart(7, "0")}`,
    contributors: `Writer ${i}|Other ${i % 5}`,
  })),
];
let dynamo: LoopbackDynamo;
let catalog: CatalogFile;
let dir: string;
let tables = 0;

beforeAll(async () => {
  dynamo = await startLoopbackDynamo();
  dir = await mkdtemp(join(tmpdir(), "catalog-upload-"));
  await writeFile(join(dir, "db.db"), await catalogBytes(RECORDS));
  catalog = CatalogFile.open(join(dir, "db.db"));
});

afterAll(async () => {
  catalog?.close();
  await dynamo?.dispose();
});

async function freshTable(): Promise<string> {
  const name = `catalog-${++tables}`;
  await dynamo.createCatalogTable(name);
  return name;
}

async function items(table: string): Promise<CatalogItem[]> {
  const found: CatalogItem[] = [];
  let start: CatalogItem | undefined;
  do {
    const page = await dynamo.client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    found.push(...((page.Items ?? []) as CatalogItem[]));
    start = page.LastEvaluatedKey as CatalogItem | undefined;
  } while (start);
  return found;
}

const writes = () => dynamo.requests.filter((target) => target.endsWith(".BatchWriteItem")).length;

/** A client that fails after `calls` BatchWriteItem calls, as a crash mid-upload would. */
function crashingAfter(calls: number): DynamoDBClient {
  let made = 0;
  return {
    send: (command: BatchWriteItemCommand) => {
      if (++made > calls) return Promise.reject(new Error("process killed"));
      return dynamo.client.send(command);
    },
  } as unknown as DynamoDBClient;
}

describe("uploadCatalog against a DynamoDB-API server", () => {
  it("writes every recording with its raw fields and prepared form, 25 per BatchWriteItem", async () => {
    const table = await freshTable();
    const before = writes();
    const result = await uploadCatalog(catalog, { client: dynamo.client, table, concurrency: 4 });
    expect(result).toMatchObject({ total: 123, written: 123, resumedFrom: 0, retries: 0 });
    expect(writes() - before).toBe(5);
    const stored = await items(table);
    expect(stored).toHaveLength(123);
    for (const item of stored) {
      const decoded = decodeRecording(item);
      expect(decoded).toEqual(
        prepareRecording(RECORDS.find((r) => r.sr_id === decoded.raw.sr_id) as SoundRecording),
      );
      expect(neighboursOf(item)).toBeUndefined(); // the file has no retrieval index
    }
  });

  it("stores each recording's neighbours when the file holds a retrieval index, for /matches", async () => {
    const table = await freshTable();
    const path = join(dir, "indexed.db");
    await writeFile(path, await catalogBytes(RECORDS));
    const db = new Database(path);
    db.exec(`CREATE TABLE ${RETRIEVAL_TABLE} (id INTEGER PRIMARY KEY, neighbour_ids TEXT NOT NULL)`);
    db.prepare(`INSERT INTO ${RETRIEVAL_TABLE} VALUES (1, '2,3'), (2, '1')`).run();
    db.close();
    const indexed = CatalogFile.open(path);
    await uploadCatalog(indexed, { client: dynamo.client, table });
    indexed.close();
    const byId = new Map((await items(table)).map((item) => [item.sr_id?.S, neighboursOf(item)]));
    expect(byId.get("123")).toEqual(["456", "789"]);
    expect(byId.get("456")).toEqual(["123"]);
    expect(byId.get("789")).toEqual([]);
  });

  it("is idempotent: a second upload leaves the same items", async () => {
    const table = await freshTable();
    await uploadCatalog(catalog, { client: dynamo.client, table });
    const first = await items(table);
    await uploadCatalog(catalog, { client: dynamo.client, table });
    expect(await items(table)).toEqual(expect.arrayContaining(first));
    expect(await items(table)).toHaveLength(first.length);
  });

  it("resumes after a crash from its checkpoint, writing only what was not written", async () => {
    const table = await freshTable();
    const checkpointPath = join(dir, `${table}.checkpoint.json`);
    await expect(
      uploadCatalog(catalog, { client: crashingAfter(2), table, concurrency: 1, checkpointPath }),
    ).rejects.toThrow("process killed");
    const { done } = JSON.parse(await readFile(checkpointPath, "utf8")) as { done: number };
    expect([25, 50]).toContain(done); // saves are throttled: the second batch may be redone
    const before = writes();
    const result = await uploadCatalog(catalog, { client: dynamo.client, table, checkpointPath });
    expect(result).toMatchObject({ resumedFrom: done, written: 123 - done });
    expect(writes() - before).toBe(Math.ceil((123 - done) / 25));
    expect(await items(table)).toHaveLength(123);
    expect(existsSync(checkpointPath)).toBe(false);
  });

  it("refuses a checkpoint of another table", async () => {
    const table = await freshTable();
    const checkpointPath = join(dir, "other.json");
    await writeFile(checkpointPath, JSON.stringify({ table: "elsewhere", total: 123, done: 50 }));
    await expect(uploadCatalog(catalog, { client: dynamo.client, table, checkpointPath })).rejects.toThrow(
      /belongs to another upload/,
    );
  });

  it("repeats the items DynamoDB leaves unprocessed, with back-off, until all are written", async () => {
    const table = await freshTable();
    let calls = 0;
    // Each first attempt writes only 10 items and hands back the rest, as a throttled table does.
    const throttled = {
      send: async (command: BatchWriteItemCommand) => {
        calls++;
        const requests = command.input.RequestItems?.[table] ?? [];
        if (requests.length <= 10) return dynamo.client.send(command);
        await dynamo.client.send(
          new BatchWriteItemCommand({ RequestItems: { [table]: requests.slice(0, 10) } }),
        );
        return { UnprocessedItems: { [table]: requests.slice(10) } };
      },
    } as unknown as DynamoDBClient;
    const result = await uploadCatalog(catalog, { client: throttled, table, backoffMs: 1 });
    expect(result.retries).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(5);
    expect(await items(table)).toHaveLength(123);
  });

  it("npm run upload -- --catalog-table loads a db.db and reports records/s", async () => {
    const table = await freshTable();
    const db = join(dir, "cli.db");
    await writeFile(db, await catalogBytes(RECORDS));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "--import",
        "tsx",
        "training/upload.ts",
        "--catalog-table",
        table,
        "--db",
        db,
        "--dynamodb-endpoint",
        dynamo.endpoint,
      ],
      { env: { ...process.env, ...dynamo.env() } },
    );
    expect(stdout).toMatch(
      new RegExp(`wrote 123 of 123 records to dynamodb:${table} in [\\d.]+ s: \\d+ records/s`),
    );
    expect(await items(table)).toHaveLength(123);
    expect(existsSync(`${db}.${table}.upload.json`)).toBe(false);
  });
});
