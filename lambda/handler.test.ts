import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { apiEvent } from "./event-fixture.ts";
import { writeFixtureArtifacts } from "./fixture-files.ts";

let handler: typeof import("./handler.ts")["handler"];

beforeAll(async () => {
  const { catalogPath, modelPath } = await writeFixtureArtifacts();
  process.env.CATALOG_PATH = catalogPath;
  process.env.MODEL_PATH = modelPath;
  ({ handler } = await import("./handler.ts"));
});

async function call(method: string, path: string, query = "") {
  const result = (await handler(apiEvent(method, path, query))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(result.body ?? "") };
}

describe("handler", () => {
  it("answers 200 with exactly the class", async () => {
    expect(await call("GET", "/", "q_sr_id=123&m_sr_id=456")).toMatchObject({
      status: 200,
      body: { class: "valid" },
    });
    const invalid = await call("GET", "/", "q_sr_id=456&m_sr_id=789");
    expect(invalid).toMatchObject({ status: 200, body: { class: "invalid" } });
    expect(Object.keys(invalid.body)).toEqual(["class"]);
  });

  it("sends JSON with nosniff", async () => {
    const { headers } = await call("GET", "/", "q_sr_id=123&m_sr_id=456");
    expect(headers["content-type"]).toMatch(/^application\/json/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
  });

  it("explains a decision on request", async () => {
    const { body } = await call("GET", "/", "q_sr_id=123&m_sr_id=789&explain=true");
    expect(body.class).toBe("invalid");
    expect(body.probability).toBeGreaterThanOrEqual(0);
    expect(body.threshold).toBe(0.5);
    expect(body.features.artists_sim).toEqual({
      value: expect.any(Number),
      contribution: expect.any(Number),
    });
    expect(body.records.q.sr_id).toBe("123");
    expect(body.records.m.artists).toBe("Elvis Presley");
  });

  it("answers the plain class for explain=false", async () => {
    expect(await call("GET", "/", "q_sr_id=123&m_sr_id=456&explain=false")).toMatchObject({
      status: 200,
      body: { class: "valid" },
    });
  });

  it("answers 200 on /health once the artifacts are loaded", async () => {
    expect(await call("GET", "/health")).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it.each([
    ["a missing q_sr_id", "m_sr_id=456", /missing query parameter q_sr_id/],
    ["a missing m_sr_id", "q_sr_id=123", /missing query parameter m_sr_id/],
    ["no parameters", "", /missing query parameter q_sr_id/],
    ["an empty id", "q_sr_id=&m_sr_id=456", /empty query parameter q_sr_id/],
    ["a blank id", "q_sr_id=%20%20&m_sr_id=456", /empty query parameter q_sr_id/],
    ["an oversized id", `q_sr_id=${"a".repeat(300)}&m_sr_id=456`, /longer than 256/],
    // API Gateway would join the two values into the one id "123,789".
    [
      "a repeated q_sr_id",
      "q_sr_id=123&q_sr_id=789&m_sr_id=456",
      /query parameter q_sr_id given more than once/,
    ],
    [
      "a repeated explain",
      "q_sr_id=123&m_sr_id=456&explain=true&explain=false",
      /explain given more than once/,
    ],
    [
      "a repeated q_sr_id, the second empty",
      "q_sr_id=123&q_sr_id=&m_sr_id=456",
      /q_sr_id given more than once/,
    ],
    [
      "an explain that is neither true nor false",
      "q_sr_id=123&m_sr_id=456&explain=yes",
      /explain must be true or false/,
    ],
    ["an empty explain", "q_sr_id=123&m_sr_id=456&explain=", /explain must be true or false/],
    ["a broken percent-escape", "q_sr_id=%E0%A4%A&m_sr_id=456", /malformed percent-escape/],
    ["a lone percent sign", "q_sr_id=12%&m_sr_id=456", /malformed percent-escape/],
  ])("answers 400 for %s", async (_case, query, message) => {
    const response = await call("GET", "/", query);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatch(message);
  });

  it("reads a comma given once as part of the id, not as a repeated parameter", async () => {
    expect(await call("GET", "/", "q_sr_id=12%2C3&m_sr_id=456")).toMatchObject({
      status: 404,
      body: { error: "unknown sr_id: 12,3" },
    });
  });

  it("answers 404 naming an unknown id", async () => {
    expect(await call("GET", "/", "q_sr_id=123&m_sr_id=nope")).toMatchObject({
      status: 404,
      body: { error: "unknown sr_id: nope" },
    });
  });

  it("treats SQL in an id as an unknown id", async () => {
    const response = await call("GET", "/", `q_sr_id=${encodeURIComponent("123' OR '1'='1")}&m_sr_id=456`);
    expect(response.status).toBe(404);
  });

  it("answers 404 for another path", async () => {
    expect((await call("GET", "/admin")).status).toBe(404);
  });

  it.each(["POST", "PUT", "DELETE", "PATCH", "HEAD"])("answers 405 to %s", async (method) => {
    expect(await call(method, "/", "q_sr_id=123&m_sr_id=456")).toMatchObject({
      status: 405,
      headers: { allow: "GET" },
      body: { error: expect.any(String) },
    });
  });

  it("answers a logged 500 in JSON, not a crash, to an event that is not an HTTP API (payload 2.0) one", async () => {
    const { requestContext: _, ...rest } = apiEvent("GET", "/", "q_sr_id=123&m_sr_id=456");
    const restApiEvent = {
      ...rest,
      requestContext: { httpMethod: "GET" },
    } as unknown as APIGatewayProxyEventV2;
    const result = (await handler(restApiEvent)) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body ?? "")).toEqual({ error: "internal error" });
  });

  it("answers 414 to an oversized query string", async () => {
    expect((await call("GET", "/", `q_sr_id=123&m_sr_id=456&pad=${"x".repeat(5000)}`)).status).toBe(414);
  });
});
