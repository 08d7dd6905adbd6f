import { readFile } from "node:fs/promises";
import { BatchWriteItemCommand } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LoopbackDynamo, startLoopbackDynamo } from "../lib/testing/loopback-dynamo.ts";
import { readPairs } from "../training/csv.ts";
import { ArtifactUnavailableError } from "./artifacts.ts";
import { Catalog } from "./catalog.ts";
import { DynamoCatalog } from "./dynamo-catalog.ts";
import { encodeRecording } from "./dynamo-codec.ts";
import { apiEvent } from "./event-fixture.ts";

// The handler answering from a DynamoDB table on a real DynamoDB-API server (dynalite) must give the
// answers it gives from the sql.js catalog: same class, same probability, same features, for real
// pairs of the shipped sample, with the shipped model.
type Handler = typeof import("./handler.ts")["handler"];
const TABLE = "catalog-test";
const PAIRS = readPairs("data/groundtruth.csv").filter((_, i) => i % 500 === 0);
/** Ids asked for their matches: the README's and a few of the pairs', stored with their neighbours. */
const MATCH_IDS = ["123", ...PAIRS.slice(0, 5).map((pair) => pair.q)];
/** A recording stored without the index's neighbours, as an upload of a catalog without one does. */
const UNINDEXED = "789";
let dynamo: LoopbackDynamo;

beforeAll(async () => {
  dynamo = await startLoopbackDynamo();
  // The SDK reads region and credentials when it first sends, after handlerWith has restored the env.
  process.env = { ...process.env, ...dynamo.env() };
  await dynamo.createCatalogTable(TABLE);
  const sqlite = await Catalog.open(await readFile("data/db.db"));
  const neighbours = MATCH_IDS.flatMap((id) => sqlite.neighbours(id) ?? []);
  const ids = [...new Set([...PAIRS.flatMap((pair) => [pair.q, pair.m]), ...MATCH_IDS, ...neighbours])];
  const items = ids.map((id) =>
    encodeRecording(
      sqlite.get(id) as NonNullable<ReturnType<Catalog["get"]>>,
      id === UNINDEXED ? undefined : sqlite.neighbours(id),
    ),
  );
  sqlite.close();
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    await dynamo.client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: batch } }));
  }
});

afterAll(async () => {
  await dynamo?.dispose();
});

/** A fresh handler module (a new container) configured from these variables. */
async function handlerWith(env: Record<string, string>): Promise<Handler> {
  const saved = { ...process.env };
  Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" }, env);
  try {
    vi.resetModules();
    return (await import("./handler.ts")).handler;
  } finally {
    process.env = saved;
  }
}

/** A new container reading the test table, and one reading the shipped db.db, both with the shipped model. */
const tableHandler = () =>
  handlerWith({ ...dynamo.env(), CATALOG_TABLE: TABLE, MODEL_PATH: "data/model.json" });
const sqliteHandler = () => handlerWith({ CATALOG_PATH: "data/db.db", MODEL_PATH: "data/model.json" });

async function call(handler: Handler, query: string, path = "/") {
  const result = (await handler(apiEvent("GET", path, query))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(result.body ?? "") as Record<string, unknown> };
}

describe("the handler with the DynamoDB catalog", () => {
  it("gives the same answers as with the sql.js catalog, for real pairs", async () => {
    const fromSqlite = await sqliteHandler();
    const fromTable = await tableHandler();
    expect(PAIRS.length).toBeGreaterThan(40);
    for (const { q, m } of PAIRS) {
      const query = `q_sr_id=${encodeURIComponent(q)}&m_sr_id=${encodeURIComponent(m)}&explain=true`;
      const expected = await call(fromSqlite, query);
      expect(expected.status).toBe(200);
      expect(await call(fromTable, query)).toEqual(expected);
    }
  });

  it("reads both records with one BatchGetItem, then from its cache", async () => {
    const fromTable = await tableHandler();
    const { q, m } = PAIRS[0] as { q: string; m: string };
    const reads = () => dynamo.requests.filter((target) => target.endsWith(".BatchGetItem")).length;
    const before = reads();
    expect((await call(fromTable, `q_sr_id=${q}&m_sr_id=${m}`)).status).toBe(200);
    expect(reads() - before).toBe(1);
    await call(fromTable, `q_sr_id=${q}&m_sr_id=${m}`);
    expect(reads() - before).toBe(1);
  });

  it("ranks a recording's matches as with the sql.js catalog, from the neighbours its item holds", async () => {
    const fromSqlite = await sqliteHandler();
    const fromTable = await tableHandler();
    for (const id of MATCH_IDS) {
      const query = `sr_id=${encodeURIComponent(id)}`;
      const expected = await call(fromSqlite, query, "/matches");
      expect(expected.status).toBe(200);
      expect((expected.body.matches as unknown[]).length).toBeGreaterThan(0);
      expect(await call(fromTable, query, "/matches")).toEqual(expected);
    }
    expect(await call(fromTable, "sr_id=no-such-id", "/matches")).toEqual({
      status: 404,
      body: { error: "unknown sr_id: no-such-id" },
    });
  });

  it("answers /matches with 503 for a recording stored without the index, as a catalog without one", async () => {
    const fromTable = await tableHandler();
    expect(await call(fromTable, `sr_id=${UNINDEXED}`, "/matches")).toEqual({
      status: 503,
      body: { error: "service unavailable; retry later" },
    });
  });

  it("answers 404 naming an id the table lacks", async () => {
    const fromTable = await tableHandler();
    const { q } = PAIRS[0] as { q: string };
    expect(await call(fromTable, `q_sr_id=${q}&m_sr_id=no-such-id`)).toEqual({
      status: 404,
      body: { error: "unknown sr_id: no-such-id" },
    });
  });

  it("answers 503 naming nothing when the table is missing", async () => {
    const fromTable = await handlerWith({
      ...dynamo.env(),
      CATALOG_TABLE: "no-such-table",
      MODEL_PATH: "data/model.json",
    });
    expect(await call(fromTable, "q_sr_id=1&m_sr_id=2")).toEqual({
      status: 503,
      body: { error: "service unavailable; retry later" },
    });
  });
});

describe("DynamoCatalog", () => {
  it("turns an unreachable table into ArtifactUnavailableError", async () => {
    const { catalogClient } = await import("./dynamo-catalog.ts");
    const catalog = new DynamoCatalog({ table: TABLE, client: catalogClient("http://127.0.0.1:9") });
    await expect(catalog.fetchMany(["1", "2"])).rejects.toBeInstanceOf(ArtifactUnavailableError);
  });
});
