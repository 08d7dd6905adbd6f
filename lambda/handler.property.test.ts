import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { apiEvent } from "./event-fixture.ts";
import { writeFixtureArtifacts } from "./fixture-files.ts";

let handler: typeof import("./handler.ts")["handler"];

beforeAll(async () => {
  const { catalogPath, modelPath } = await writeFixtureArtifacts();
  process.env.CATALOG_PATH = catalogPath;
  process.env.MODEL_PATH = modelPath;
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  ({ handler } = await import("./handler.ts"));
});

/** Things that have broken parsers, SQL and JSON before. */
const nasty = fc.constantFrom(
  "123",
  "456",
  "' OR '1'='1",
  "1; DROP TABLE soundrecording; --",
  '"); alert(1); //',
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "\u0000",
  "\ud800",
  "😀",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "NaN",
  " ",
  "",
);
const value = fc.oneof(
  nasty,
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ maxLength: 600 }),
  fc.nat(4000).map((n) => "x".repeat(n)),
);
const name = fc.oneof(
  fc.constantFrom("q_sr_id", "m_sr_id", "explain", "__proto__", "constructor", ""),
  fc.string({ maxLength: 12 }),
);
/** URL-encodes; a lone surrogate (which encodeURIComponent refuses) is sent raw. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A raw query string: encoded pairs, sometimes raw garbage, repeated keys allowed. */
const rawQuery = fc.oneof(
  fc
    .array(fc.tuple(name, fc.oneof(value, fc.constant("true"))), { maxLength: 6 })
    .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join("&")),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom("%", "%E0%A4%A", "q_sr_id=%ZZ&m_sr_id=%", "&&&==&", "q_sr_id=123&q_sr_id=456&m_sr_id=456"),
);
const method = fc.constantFrom("GET", "GET", "GET", "POST", "HEAD", "OPTIONS", "DELETE", "get", "");
const path = fc.oneof(
  fc.constantFrom("/", "/", "/health", "//", "/%2e%2e/", "/admin"),
  fc.string({ maxLength: 30 }),
);

const STACK_OR_PATH = /\bat .+\(|\/work\/|node_modules|\.ts:\d|\/tmp\//;

describe("handler under arbitrary requests", () => {
  it("never answers 5xx, never throws, always answers JSON with nosniff and no internals", async () => {
    await fc.assert(
      fc.asyncProperty(method, path, rawQuery, async (m, p, query) => {
        let event: ReturnType<typeof apiEvent>;
        try {
          event = apiEvent(m, p, query);
        } catch {
          return; // not an event API Gateway could send
        }
        const result = (await handler(event)) as APIGatewayProxyStructuredResultV2;
        expect(result.statusCode).toBeGreaterThanOrEqual(200);
        expect(result.statusCode).toBeLessThan(500);
        expect(result.headers?.["content-type"]).toMatch(/^application\/json/);
        expect(result.headers?.["x-content-type-options"]).toBe("nosniff");
        const body = JSON.parse(result.body ?? "");
        expect(typeof body).toBe("object");
        expect(result.body).not.toMatch(STACK_OR_PATH);
        if (result.statusCode === 200 && p === "/") expect(["valid", "invalid"]).toContain(body.class);
        else if (result.statusCode !== 200) expect(body.error).toEqual(expect.any(String));
      }),
      { numRuns: 1500 },
    );
  });

  it("gives the same answer to the same pair however often it is asked", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("123", "456", "789"),
        fc.constantFrom("123", "456", "789"),
        fc.integer({ min: 2, max: 20 }),
        async (q, m, times) => {
          const bodies = new Set<string>();
          for (let i = 0; i < times; i++) {
            const result = (await handler(
              apiEvent("GET", "/", `q_sr_id=${q}&m_sr_id=${m}`),
            )) as APIGatewayProxyStructuredResultV2;
            bodies.add(`${result.statusCode} ${result.body}`);
          }
          expect(bodies.size).toBe(1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("answers a burst of concurrent calls, each with JSON", async () => {
    const queries = fc.sample(rawQuery, 500);
    const results = (await Promise.all(
      queries.map((query) => handler(apiEvent("GET", "/", query))),
    )) as APIGatewayProxyStructuredResultV2[];
    for (const result of results) {
      expect(result.statusCode).toBeLessThan(500);
      expect(() => JSON.parse(result.body ?? "")).not.toThrow();
    }
  });
});
