import { describe, expect, it } from "vitest";
import {
  catalogFromEnv,
  metricsFromEnv,
  requestLogFlushMsFromEnv,
  requestLogFromEnv,
  retryMsFromEnv,
} from "./config.ts";

describe("settings read at the edge", () => {
  it("backs off 2 s after a failed load unless ARTIFACT_RETRY_SECONDS says otherwise", () => {
    expect(retryMsFromEnv({})).toBe(2_000);
    expect(retryMsFromEnv({ ARTIFACT_RETRY_SECONDS: "0.5" })).toBe(500);
    expect(() => retryMsFromEnv({ ARTIFACT_RETRY_SECONDS: "soon" })).toThrow(
      /ARTIFACT_RETRY_SECONDS must be/,
    );
    expect(() => retryMsFromEnv({ ARTIFACT_RETRY_SECONDS: "-1" })).toThrow(/ARTIFACT_RETRY_SECONDS must be/);
  });

  it.each([
    [{}, true],
    [{ REQUEST_LOG: "on" }, true],
    [{ REQUEST_LOG: "off" }, false],
    [{ POWERTOOLS_LOG_LEVEL: "WARN" }, false],
    [{ POWERTOOLS_LOG_LEVEL: "silent" }, false],
    [{ POWERTOOLS_LOG_LEVEL: "DEBUG" }, true],
  ])("writes the request line for %j: %s", (env, expected) => {
    expect(requestLogFromEnv(env)).toBe(expected);
  });

  it("refuses a REQUEST_LOG that is neither on nor off", () => {
    expect(() => requestLogFromEnv({ REQUEST_LOG: "sometimes" })).toThrow(
      /REQUEST_LOG must be "on" or "off"/,
    );
  });

  it("writes each request line at once unless REQUEST_LOG_FLUSH_SECONDS lets lines wait", () => {
    expect(requestLogFlushMsFromEnv({})).toBe(0);
    expect(requestLogFlushMsFromEnv({ REQUEST_LOG_FLUSH_SECONDS: "0.02" })).toBe(20);
    expect(() => requestLogFlushMsFromEnv({ REQUEST_LOG_FLUSH_SECONDS: "later" })).toThrow(
      /REQUEST_LOG_FLUSH_SECONDS must be/,
    );
  });

  it("emits metrics unless POWERTOOLS_METRICS_DISABLED is true", () => {
    expect(metricsFromEnv({})).toBe(true);
    expect(metricsFromEnv({ POWERTOOLS_METRICS_DISABLED: "false" })).toBe(true);
    expect(metricsFromEnv({ POWERTOOLS_METRICS_DISABLED: "true" })).toBe(false);
  });

  it("uses the embedded catalog unless CATALOG_TABLE names a table", async () => {
    expect(catalogFromEnv({})).toBeUndefined();
    expect(() => catalogFromEnv({ CATALOG_TABLE: "no spaces allowed" })).toThrow(
      /CATALOG_TABLE must be a DynamoDB table name/,
    );
    const open = catalogFromEnv({
      CATALOG_TABLE: "sr-match-catalog-dev",
      DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
    });
    const first = await open?.();
    expect(first).toBeDefined();
    expect(await open?.()).toBe(first);
  });
});
