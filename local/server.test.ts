import { once } from "node:events";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, sendRaw, startServer } from "./test-server.ts";

let server: RunningServer;
let base: string;

beforeAll(async () => {
  server = await startServer();
  base = server.base;
});

afterAll(() => {
  if (server.child.exitCode === null) server.child.kill("SIGKILL");
});

/** Requests answered through {@link get}. */
let requests = 0;

async function get(path: string, method = "GET") {
  requests++;
  const response = await fetch(`${base}${path}`, { method });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: (await response.json()) as Record<string, unknown>,
  };
}

const raw = (bytes: string) => sendRaw(server, bytes);

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
    ["/?q_sr_id=%E0%A4%A&m_sr_id=%", 400],
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

  it("logs one JSON line per request, the last ones too when it stops on SIGTERM", async () => {
    // Request lines wait up to 20 ms to go out together (REQUEST_LOG_FLUSH_SECONDS): this one's is
    // still waiting when the signal comes, and must be written on the way out.
    await get("/health");
    server.child.kill("SIGTERM");
    const [code] = await once(server.child, "close");
    expect(code).toBe(0);
    const lines = server
      .output()
      .split("\n")
      .filter((line) => line.includes('"message":"request"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(requests);
    expect(lines[0]).toMatchObject({ status: expect.any(Number), latencyMs: expect.any(Number) });
    expect(lines.at(-1)).toMatchObject({ path: "/health", status: 200 });
  });
});
