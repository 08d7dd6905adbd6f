import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../local/test-server.ts";
import { EXAMPLE_RECORDS } from "./catalog-fixture.ts";
import { decide } from "./match.ts";
import { matchesLimit } from "./matches.ts";
import { modelFixture } from "./model-fixture.ts";
import { LIMIT_PATTERN, openApiDocument } from "./openapi.ts";
import { OPTIONAL_COLUMNS, prepareRecording, type SoundRecording } from "./recording.ts";

const doc = openApiDocument() as {
  openapi: string;
  paths: Record<
    string,
    { get: { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> } }
  >;
  components: { schemas: Record<string, unknown> };
};

/** Validates a body against the document's schema for this path and status. */
function check(path: string, status: number, body: unknown): void {
  const response = doc.paths[path]?.get.responses[String(status)];
  expect(response, `${path} ${status} is documented`).toBeDefined();
  const schema = response?.content?.["application/json"]?.schema;
  if (!schema) return;
  const ajv = new Ajv2020.default({ strict: false });
  const validate = ajv.compile({ ...(schema as object), components: doc.components });
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

describe("GET /openapi.json against the live server", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => {
    server.child.kill();
  });

  it("serves an OpenAPI 3.1 document naming every route", async () => {
    const response = await fetch(`${server.base}/openapi.json`);
    expect(response.status).toBe(200);
    const served = (await response.json()) as typeof doc;
    expect(served.openapi).toBe("3.1.0");
    expect(Object.keys(served.paths).sort()).toEqual(["/", "/health", "/matches", "/openapi.json"]);
  });

  it.each([
    "/?q_sr_id=123&m_sr_id=456",
    "/?q_sr_id=123&m_sr_id=789&explain=true",
    "/?q_sr_id=123",
    "/?q_sr_id=123&m_sr_id=nope",
    "/health",
    "/matches?sr_id=123",
    "/matches?sr_id=123&limit=0",
    "/matches?sr_id=nope",
    "/?q_sr_id=123&q_sr_id=789&m_sr_id=456",
    "/health?probe=1&probe=2",
    "/openapi.json?x=1&x=2",
  ])("answers %s as the document describes", async (url) => {
    const response = await fetch(`${server.base}${url}`);
    check(new URL(url, server.base).pathname, response.status, await response.json());
  });
});

describe("the document's records", () => {
  it("describe an explained answer over a catalog holding every optional column", () => {
    const full = (raw: SoundRecording): SoundRecording => ({
      ...raw,
      album: "Help!",
      duration_ms: 125_000,
      year: 1965,
      title_latin: raw.title,
      artists_latin: null,
    });
    const prepared = new Map(EXAMPLE_RECORDS.map((r) => [r.sr_id, prepareRecording(full(r))]));
    const catalog = { get: (id: string) => prepared.get(id), close: () => {} };
    const answer = decide({ catalog, model: modelFixture() }, "123", "456");
    expect(Object.keys(answer.records.q)).toEqual(expect.arrayContaining([...OPTIONAL_COLUMNS]));
    check("/", 200, answer);
  });
});

describe("the document's limit parameter", () => {
  it("accepts exactly the values the server accepts, on every string of up to four digits", () => {
    const accepts = (raw: string) => {
      try {
        return matchesLimit(raw) > 0;
      } catch {
        return false;
      }
    };
    for (let digits = 1; digits <= 4; digits++)
      for (let n = 0; n < 10 ** digits; n++) {
        const raw = String(n).padStart(digits, "0");
        expect(LIMIT_PATTERN.test(raw), raw).toBe(accepts(raw));
      }
  });
});
