import { describe, expect, it, vi } from "vitest";
import { METRIC, METRICS_NAMESPACE } from "./metric-names.ts";
import { telemetry } from "./telemetry.ts";

// vitest.config.ts turns EMF off for the other tests; these check it.
process.env.POWERTOOLS_METRICS_DISABLED = "false";

/** Every JSON line written to stdout or stderr while `action` runs. */
function linesOf(action: () => void): Record<string, unknown>[] {
  const chunks: string[] = [];
  const capture = (chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(capture);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(capture);
  try {
    action();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return chunks
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

type Emf = {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
};
const emf = (lines: Record<string, unknown>[]) =>
  lines.filter((line) => "_aws" in line) as unknown as (Emf & Record<string, unknown>)[];

const decided = { status: 200, body: { class: "valid" }, route: "/", decision: "valid", probability: 0.93 };

describe("telemetry", () => {
  it("writes one request line with the Powertools keys and one EMF document per request", () => {
    const lines = linesOf(() =>
      telemetry({ requestLog: true }).request({
        method: "GET",
        path: "/",
        response: decided,
        latencyMs: 1.23456,
        source: "s",
      }),
    );
    expect(lines.find((line) => line.message === "request")).toEqual({
      level: "INFO",
      message: "request",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: "sr-match",
      method: "GET",
      path: "/",
      status: 200,
      decision: "valid",
      latencyMs: 1.235,
    });
    const [doc] = emf(lines);
    const directive = doc?._aws.CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
    expect(directive?.Dimensions).toEqual([
      ["service"],
      ["service", "route", "status"],
      ["service", "class"],
    ]);
    expect(doc).toMatchObject({
      route: "/",
      status: "200",
      class: "valid",
      [METRIC.requests]: 1,
      [METRIC.unavailable]: 0,
      [METRIC.validDecision]: 1,
      [METRIC.probability]: 0.93,
    });
  });

  it("counts a 503 as unavailable and logs its cause, never a request line for it", () => {
    const cause = new Error("cannot read s3://bucket/key");
    const lines = linesOf(() =>
      telemetry({ requestLog: true }).request({
        method: "GET",
        path: "/",
        response: { status: 503, body: {}, route: "/", cause },
        latencyMs: 2,
        source: "s3://bucket/key",
      }),
    );
    expect(lines.find((line) => line.message === "request failed")).toMatchObject({
      status: 503,
      error: { message: "cannot read s3://bucket/key" },
    });
    expect(lines.some((line) => line.message === "request")).toBe(false);
    expect(emf(lines)[0]).toMatchObject({ status: "503", [METRIC.unavailable]: 1 });
    expect(emf(lines)[0]).not.toHaveProperty(METRIC.validDecision);
  });

  it("escapes the path in the request line", () => {
    const path = '/"},"status":1,"x":"\n';
    const lines = linesOf(() =>
      telemetry({ requestLog: true }).request({
        method: "GET",
        path,
        response: { status: 404, body: {}, route: "unmatched" },
        latencyMs: 0.5,
        source: "s",
      }),
    );
    expect(lines.find((line) => line.message === "request")).toMatchObject({ path, status: 404 });
  });

  it("writes no request line when turned off, and still counts the request", () => {
    const lines = linesOf(() =>
      telemetry({ requestLog: false }).request({
        method: "GET",
        path: "/",
        response: decided,
        latencyMs: 1,
        source: "s",
      }),
    );
    expect(lines.some((line) => line.message === "request")).toBe(false);
    expect(emf(lines)).toHaveLength(1);
  });

  it("counts artifact loads and failures with the next request", () => {
    const lines = linesOf(() => {
      const observe = telemetry({ requestLog: false });
      observe.artifactLoad({ error: new Error("down") });
      observe.artifactLoad({ ms: 250 });
      observe.request({
        method: "GET",
        path: "/health",
        response: { status: 200, body: {}, route: "/health" },
        latencyMs: 1,
        source: "s",
      });
    });
    expect(emf(lines)[0]).toMatchObject({
      [METRIC.artifactLoadFailures]: 1,
      [METRIC.artifactLoads]: 1,
      [METRIC.artifactLoadMs]: 250,
    });
  });

  it("builds no EMF document when metrics are disabled (the local server)", () => {
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
    try {
      const lines = linesOf(() =>
        telemetry({ requestLog: true }).request({
          method: "GET",
          path: "/",
          response: decided,
          latencyMs: 1,
          source: "s",
        }),
      );
      expect(emf(lines)).toEqual([]);
      expect(lines.filter((line) => line.message === "request")).toHaveLength(1);
    } finally {
      delete process.env.POWERTOOLS_METRICS_DISABLED;
    }
  });
});
