import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogBytes, EXAMPLE_RECORDS } from "../lambda/catalog-fixture.ts";
import { modelFixture } from "../lambda/model-fixture.ts";

let server: ChildProcess;
let base: string;
let output = "";

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "sr-match-local-"));
  writeFileSync(join(dir, "db.db"), await catalogBytes(EXAMPLE_RECORDS));
  writeFileSync(join(dir, "model.json"), JSON.stringify(modelFixture()));
  server = spawn(process.execPath, ["--import", "tsx", "local/main.ts"], {
    env: { ...process.env, PORT: "0", CATALOG_PATH: join(dir, "db.db"), MODEL_PATH: join(dir, "model.json") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  server.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  while (!/listening on (http:\S+)/.test(output)) await once(server.stdout as NodeJS.ReadableStream, "data");
  base = (/listening on (http:\S+)/.exec(output) as RegExpExecArray)[1] as string;
});

afterAll(() => {
  if (server.exitCode === null) server.kill("SIGKILL");
});

async function get(path: string, method = "GET") {
  const response = await fetch(`${base}${path}`, { method });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Sends raw bytes and resolves with what the server wrote back before closing. */
function raw(bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let reply = "";
    socket.on("data", (chunk) => {
      reply += chunk.toString();
    });
    socket.on("close", () => resolve(reply));
    socket.on("error", reject);
  });
}

describe("local server on a real port", () => {
  it.each([
    ["123", "456", "valid"],
    ["123", "789", "invalid"],
    ["456", "789", "invalid"],
  ])("answers %s vs %s with %s", async (q, m, expected) => {
    expect(await get(`/?q_sr_id=${q}&m_sr_id=${m}`)).toEqual({
      status: 200,
      type: "application/json; charset=utf-8",
      body: { class: expected },
    });
  });

  it.each([
    ["/?q_sr_id=123", 400],
    ["/?q_sr_id=&m_sr_id=456", 400],
    ["/?q_sr_id=123&m_sr_id=nope", 404],
    ["/nowhere", 404],
    [`/?q_sr_id=${"9".repeat(5000)}&m_sr_id=1`, 414],
    ["/?q_sr_id=%E0%A4%A&m_sr_id=%", 404],
  ])("answers %s with %d and a JSON error", async (path, status) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(response.body.error).toEqual(expect.any(String));
  });

  it("answers 405 to POST", async () => {
    expect((await get("/?q_sr_id=123&m_sr_id=456", "POST")).status).toBe(405);
  });

  it("survives garbage and clients that hang up mid-request, then answers the next request", async () => {
    expect(await raw("NOT HTTP AT ALL\r\n\r\n")).toMatch(/400/);
    await new Promise<void>((resolve) => {
      const { hostname, port } = new URL(base);
      const half = request({
        hostname,
        port,
        path: "/?q_sr_id=123&m_sr_id=456",
        method: "GET",
        headers: { "content-length": "100" },
      });
      half.on("error", () => resolve());
      half.write("partial", () => {
        half.destroy();
        resolve();
      });
    });
    expect((await get("/?q_sr_id=123&m_sr_id=456")).body).toEqual({ class: "valid" });
  });

  it("logs one JSON line per request", () => {
    const lines = output.split("\n").filter((line) => line.includes('"message":"request"'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      status: expect.any(Number),
      latencyMs: expect.any(Number),
    });
  });

  it("stops cleanly on SIGTERM", async () => {
    server.kill("SIGTERM");
    const [code] = await once(server, "exit");
    expect(code).toBe(0);
  });
});
