import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { UNAVAILABLE_BODY } from "../lambda/api.ts";
import { apiEvent } from "../lambda/event-fixture.ts";
import { DEFAULT_POINTER_KEY } from "../lambda/s3-source.ts";
import { publishRelease, rollback } from "../training/release.ts";
import { bundleHandlerWithInputs, LAZY_PACKAGES } from "./bundling.ts";
import { EXAMPLE_REQUESTS, fixtureCatalog, fixtureModelJson } from "./testing/fixture-artifacts.ts";
import { type LoopbackS3, startLoopbackS3 } from "./testing/loopback-s3.ts";

// The handler as Lambda runs it: bundled by esbuild with the stack's settings into a directory outside
// the project (so nothing resolves from node_modules), loaded with require, fed typed API Gateway
// events, reading its artifacts from a real S3-API server on loopback.

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const BUCKET = "artifacts";
const require = createRequire(import.meta.url);
let s3: LoopbackS3;
let dir: string;
let bundle: string;
let inputs: string[];

/**
 * A fresh copy of the bundled module (a new "container"), configured from these variables; its logs
 * are silenced unless POWERTOOLS_LOG_LEVEL says otherwise.
 */
function coldHandler(env: Record<string, string> = {}): Handler {
  const saved = { ...process.env };
  const defaults = {
    ARTIFACT_BUCKET: BUCKET,
    ARTIFACT_POINTER_KEY: DEFAULT_POINTER_KEY,
    POWERTOOLS_LOG_LEVEL: "SILENT",
  };
  Object.assign(process.env, defaults, env);
  try {
    delete require.cache[bundle];
    return (require(bundle) as { handler: Handler }).handler;
  } finally {
    process.env = saved;
  }
}

async function get(handler: Handler, path: string, query = "") {
  const result = await handler(apiEvent("GET", path, query));
  return { status: result.statusCode, body: JSON.parse(result.body ?? "") as Record<string, unknown> };
}

/** Runs `action` and returns what it wrote to stdout and stderr, as the JSON log lines Lambda keeps. */
async function logsOf(action: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(capture);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(capture);
  try {
    await action();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function putPointer(key: string, catalogKey: string, modelKey: string): Promise<void> {
  const body = JSON.stringify({ version: key, catalogKey, modelKey });
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

beforeAll(async () => {
  s3 = await startLoopbackS3([BUCKET]);
  process.env = { ...process.env, ...s3.env() };
  const catalog = await fixtureCatalog();
  await publishRelease(
    s3.client,
    { bucket: BUCKET, pointerKey: DEFAULT_POINTER_KEY },
    { catalog, model: fixtureModelJson() },
  );
  dir = await mkdtemp(join(tmpdir(), "bundled-handler-"));
  ({ file: bundle, inputs } = await bundleHandlerWithInputs(dir));
});

afterAll(async () => {
  await s3?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the bundled handler", () => {
  it("is one index.js with sql.js's wasm and the lazily loaded packages beside it, and only sql.js's Node wasm build inside", async () => {
    expect((await readdir(dir)).sort()).toEqual(["index.js", "node_modules", "sql-wasm.wasm"]);
    for (const name of LAZY_PACKAGES)
      expect(existsSync(join(dir, "node_modules", name, "index.js"))).toBe(true);
    const index = await readFile(join(dir, "index.js"), "utf8");
    for (const name of LAZY_PACKAGES) expect(index).toContain(`require("${name}")`);
    expect(inputs.filter((input) => input.includes("/sql.js/"))).toEqual([
      "node_modules/sql.js/dist/sql-wasm.js",
    ]);
    expect(inputs).toContain("node_modules/@aws-sdk/client-s3/dist-cjs/index.js");
  });

  it("loads both artifacts from S3 and answers the three example requests", async () => {
    const handler = coldHandler({ POWERTOOLS_LOG_LEVEL: "INFO", POWERTOOLS_METRICS_DISABLED: "false" });
    const before = s3.requests.length;
    const logs = await logsOf(async () => {
      for (const { q, m, expected } of EXAMPLE_REQUESTS) {
        expect(await get(handler, "/", `q_sr_id=${q}&m_sr_id=${m}`)).toEqual({ status: 200, body: expected });
      }
      expect(await get(handler, "/health")).toEqual({ status: 200, body: { status: "ok" } });
    });
    const gets = s3.requests.slice(before).map((line) => line.replace(/\?.*/, ""));
    expect(gets).toHaveLength(3);
    expect(gets[0]).toBe(`GET /${BUCKET}/${DEFAULT_POINTER_KEY}`);
    expect(gets.slice(1).sort()).toEqual([
      expect.stringMatching(/^GET \/artifacts\/releases\/\d{8}T\d{6}Z-[0-9a-f]{8}\/db\.db$/),
      expect.stringMatching(/^GET \/artifacts\/releases\/\d{8}T\d{6}Z-[0-9a-f]{8}\/model\.json$/),
    ]);
    const requests = logs.filter((line) => line.message === "request");
    expect(requests.map((line) => line.decision)).toEqual(["valid", "invalid", "invalid", undefined]);
    expect(requests.every((line) => typeof line.latencyMs === "number" && line.status === 200)).toBe(true);
    expect(logs.filter((line) => line.message === "artifacts fetched")).toHaveLength(1);
    const emf = logs.filter((line) => "_aws" in line);
    expect(emf).toHaveLength(4);
    expect(emf.map((doc) => doc.class)).toEqual(["valid", "invalid", "invalid", undefined]);
    expect(emf[0]).toMatchObject({ Requests: 1, ArtifactLoads: 1, Unavailable: 0, ValidDecision: 1 });
  });

  it("answers 503 saying only to retry, and logs the key when the pointer object is missing", async () => {
    const handler = coldHandler({
      ARTIFACT_POINTER_KEY: "releases/absent.json",
      POWERTOOLS_LOG_LEVEL: "INFO",
    });
    let response: Awaited<ReturnType<typeof get>> | undefined;
    const logs = await logsOf(async () => {
      response = await get(handler, "/health");
    });
    expect(response).toEqual({ status: 503, body: UNAVAILABLE_BODY });
    const failure = logs.find((line) => line.message === "request failed");
    expect(JSON.stringify(failure)).toContain(`cannot read s3://${BUCKET}/releases/absent.json: NoSuchKey`);
  });

  it("answers 503 without naming anything when the catalog the pointer names is missing", async () => {
    await putPointer("releases/no-catalog.json", "releases/gone/db.db", "releases/gone/model.json");
    const response = await get(coldHandler({ ARTIFACT_POINTER_KEY: "releases/no-catalog.json" }), "/health");
    expect(response).toEqual({ status: 503, body: UNAVAILABLE_BODY });
    expect(JSON.stringify(response.body)).not.toMatch(/releases|gone|NoSuchKey|s3:/);
  });

  it("answers 503 without naming the bucket when it does not exist", async () => {
    const response = await get(coldHandler({ ARTIFACT_BUCKET: "not-there" }), "/", "q_sr_id=123&m_sr_id=456");
    expect(response).toEqual({ status: 503, body: UNAVAILABLE_BODY });
  });

  it("reads S3 once per back-off during an outage, not once per request", async () => {
    const key = "releases/outage.json";
    const handler = coldHandler({ ARTIFACT_POINTER_KEY: key, ARTIFACT_RETRY_SECONDS: "30" });
    const before = s3.requests.length;
    const responses = [
      ...(await Promise.all(Array.from({ length: 10 }, () => get(handler, "/", "q_sr_id=123&m_sr_id=456")))),
    ];
    for (let i = 0; i < 11; i++) responses.push(await get(handler, "/", "q_sr_id=123&m_sr_id=456"));
    expect(responses.every((r) => r.status === 503)).toBe(true);
    expect(s3.requests.slice(before).filter((line) => line.includes(key))).toHaveLength(1);
  });

  it.each([
    ["not JSON", "{"],
    ["a model of other features", fixtureModelJson({ featureNames: ["title_sim", "artists_sim"] })],
  ])("refuses a model that is %s, and logs why", async (_case, model) => {
    const key = `releases/bad-${model.length}`;
    await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${key}/model.json`, Body: model }));
    await s3.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: `${key}/db.db`, Body: await fixtureCatalog() }),
    );
    await putPointer(`${key}.json`, `${key}/db.db`, `${key}/model.json`);
    const handler = coldHandler({ ARTIFACT_POINTER_KEY: `${key}.json`, POWERTOOLS_LOG_LEVEL: "INFO" });
    let response: Awaited<ReturnType<typeof get>> | undefined;
    const logs = await logsOf(async () => {
      response = await get(handler, "/", "q_sr_id=123&m_sr_id=456");
    });
    expect(response).toEqual({ status: 503, body: UNAVAILABLE_BODY });
    const failure = logs.find((line) => line.message === "request failed");
    expect(failure).toMatchObject({ status: 503, error: { name: "InvalidModelError" } });
    expect(JSON.stringify(failure)).toMatch(/not a model: invalid JSON|differ from the code's/);
  });

  it("answers 503 while S3 is down and recovers on the next request once it is back", async () => {
    // No back-off here, so the first request after S3 returns loads at once.
    const handler = coldHandler({ ARTIFACT_RETRY_SECONDS: "0", POWERTOOLS_LOG_LEVEL: "INFO" });
    await s3.stop();
    try {
      let down: Awaited<ReturnType<typeof get>> | undefined;
      const logs = await logsOf(async () => {
        down = await get(handler, "/", "q_sr_id=123&m_sr_id=456");
      });
      expect(down).toEqual({ status: 503, body: UNAVAILABLE_BODY });
      expect(JSON.stringify(logs)).toMatch(/ECONNREFUSED \(S3 unreachable\)/);
    } finally {
      await s3.start();
    }
    expect(await get(handler, "/", "q_sr_id=123&m_sr_id=456")).toEqual({
      status: 200,
      body: { class: "valid" },
    });
  });

  it("shares one load among concurrent first requests", async () => {
    const handler = coldHandler();
    const before = s3.requests.length;
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => get(handler, "/", "q_sr_id=123&m_sr_id=789")),
    );
    expect(responses.every((r) => r.status === 200 && r.body.class === "invalid")).toBe(true);
    expect(s3.requests.slice(before)).toHaveLength(3);
  });

  it("switches release for new containers when the pointer moves, and rolls back", async () => {
    const target = { bucket: BUCKET, pointerKey: "canary/current.json" };
    const catalog = await fixtureCatalog();
    const first = await publishRelease(s3.client, target, { catalog, model: fixtureModelJson() });
    const warm = coldHandler({ ARTIFACT_POINTER_KEY: target.pointerKey });
    const pair = "q_sr_id=123&m_sr_id=456";
    expect((await get(warm, "/", pair)).body).toEqual({ class: "valid" });

    const strict = fixtureModelJson({ threshold: 0.99 });
    await publishRelease(s3.client, target, { catalog, model: strict }, new Date(Date.now() + 1_000));
    expect((await get(warm, "/", pair)).body).toEqual({ class: "valid" });
    expect((await get(coldHandler({ ARTIFACT_POINTER_KEY: target.pointerKey }), "/", pair)).body).toEqual({
      class: "invalid",
    });

    await rollback(s3.client, target, first.version);
    expect((await get(coldHandler({ ARTIFACT_POINTER_KEY: target.pointerKey }), "/", pair)).body).toEqual({
      class: "valid",
    });
  });
});
