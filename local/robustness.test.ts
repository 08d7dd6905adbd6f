import { Agent, request } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, sendRaw, startServer } from "./test-server.ts";

// The real local server, attacked over a real port: after each abuse it must still answer.
let server: RunningServer;
let host = "";
let port = 0;

beforeAll(async () => {
  server = await startServer();
  ({ host, port } = server);
});

afterAll(() => {
  if (server.child.exitCode === null) server.child.kill("SIGKILL");
});

const raw = (bytes: string) => sendRaw(server, bytes);

/** GET over a fresh connection; status, content type and body text. */
function get(path: string, headers: Record<string, string> = {}, agent?: Agent) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = request({ host, port, path, headers, agent: agent ?? false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, type: response.headers["content-type"] ?? "", body }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

async function stillAnswers(): Promise<void> {
  const response = await get("/?q_sr_id=123&m_sr_id=456");
  expect(response.status).toBe(200);
  expect(JSON.parse(response.body)).toEqual({ class: "valid" });
  expect(server.child.exitCode).toBeNull();
}

describe("local server under abuse", () => {
  it.each([
    ["a malformed percent-encoding", "GET /?q_sr_id=%ZZ&m_sr_id=%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["an absolute-form URL", "GET http://evil.example/?q_sr_id=123&m_sr_id=456 HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["an asterisk target", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a path without a slash", "GET ?q_sr_id=123 HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["traversal", "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["control bytes in the target", "GET /\x01\x7f HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a bad HTTP version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n"],
    ["a bogus method", "BREW /?q_sr_id=123 HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["binary garbage", "\x00\xff\xfe\r\n\r\n\r\n"],
    ["a request without a blank line", "GET / HTTP/1.1\r\nHost: x"],
  ])("answers %s with an HTTP status and keeps serving", async (_name, bytes) => {
    const reply = await raw(bytes);
    if (reply !== "") expect(reply).toMatch(/^HTTP\/1\.1 [2-5]\d\d /);
    if (/^HTTP\/1\.1 (?:[2-4]\d\d)/.test(reply) && /content-type: application\/json/i.test(reply)) {
      expect(reply).toMatch(/x-content-type-options: nosniff/i);
      expect(reply).not.toMatch(/\bat .+\(|node_modules|\.ts:\d/);
    }
    expect(reply).not.toMatch(/^HTTP\/1\.1 500/);
    await stillAnswers();
  });

  it("refuses an oversized query string with 414 JSON, one over the header limit with 431 JSON", async () => {
    const big = await get(`/?q_sr_id=123&m_sr_id=456&pad=${"x".repeat(5_000)}`);
    expect(big.status).toBe(414);
    expect(big.type).toMatch(/^application\/json/);
    const huge = await raw(`GET /?q_sr_id=${"9".repeat(200_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toMatch(/content-type: application\/json/i);
    await stillAnswers();
  });

  it("refuses an Expect it does not support with 417 JSON and keeps serving", async () => {
    const reply = await raw("GET /health HTTP/1.1\r\nHost: x\r\nExpect: foo\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 417 /);
    expect(reply).toMatch(/content-type: application\/json/i);
    expect(reply).toMatch(/\{"error":"only Expect: 100-continue is supported"\}/);
    await stillAnswers();
  });

  it("refuses oversized headers with 431 JSON and keeps serving", async () => {
    const reply = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(100_000)}\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 431 /);
    expect(reply).toMatch(/content-type: application\/json/i);
    expect(reply).toMatch(/x-content-type-options: nosniff/i);
    expect(reply.endsWith('{"error":"request headers too large"}')).toBe(true);
    await stillAnswers();
  });

  it("answers bytes that are not HTTP with 400 JSON", async () => {
    const reply = await raw("\x00\xff\xfe\r\n\r\n\r\n");
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply.endsWith('{"error":"malformed HTTP request"}')).toBe(true);
    await stillAnswers();
  });

  it("answers 200 concurrent connections, each with JSON", async () => {
    const ids = ["123", "456", "789", "nope", ""];
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        get(`/?q_sr_id=${ids[i % ids.length]}&m_sr_id=${ids[(i + 1) % ids.length]}`),
      ),
    );
    for (const response of responses) {
      expect(response.status).toBeLessThan(500);
      expect(response.type).toMatch(/^application\/json/);
      expect(() => JSON.parse(response.body)).not.toThrow();
    }
    await stillAnswers();
  });

  it("answers pipelined requests on one connection, in order", async () => {
    const one = "GET /?q_sr_id=123&m_sr_id=456 HTTP/1.1\r\nHost: x\r\n\r\n";
    const last = "GET /?q_sr_id=456&m_sr_id=789 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    const reply = await raw(one.repeat(20) + last);
    expect(reply.match(/^HTTP\/1\.1 200 /gm)).toHaveLength(21);
    expect(reply.lastIndexOf('{"class":"invalid"}')).toBeGreaterThan(reply.lastIndexOf('{"class":"valid"}'));
  });

  it("survives clients that disconnect mid-request or before reading the answer", async () => {
    const abandon = (bytes: string, wait: boolean) =>
      new Promise<void>((resolve) => {
        const socket = connect(port, host, () => {
          socket.write(bytes, () => {
            if (wait) setTimeout(() => socket.destroy(), 5);
            else socket.destroy();
          });
        });
        socket.on("error", () => resolve());
        socket.on("close", () => resolve());
      });
    const full = "GET /?q_sr_id=123&m_sr_id=456 HTTP/1.1\r\nHost: x\r\n\r\n";
    await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        abandon(
          [
            "GET /?q_sr_id=12",
            "GET /?q_sr_id=123&m_sr_id=456 HTTP/1.1\r\nHost: x\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\npartial body",
            full,
            full.repeat(10),
          ][i % 5] as string,
          i % 2 === 0,
        ),
      ),
    );
    await stillAnswers();
  });

  it("keeps serving keep-alive clients after all of the above", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => get("/?q_sr_id=123&m_sr_id=789", {}, agent)),
    );
    agent.destroy();
    expect(responses.every((r) => r.status === 200 && r.body === '{"class":"invalid"}')).toBe(true);
  });
});
