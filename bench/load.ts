import autocannon from "autocannon";
import { median } from "./cold-start.ts";

/** What one load run measured. Latencies in milliseconds, measured by the client per response. */
export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Socket errors and timeouts. */
  errors: number;
  timeouts: number;
  /** Responses outside 2xx. */
  non2xx: number;
}

/** Load results by server name ("service", "ceiling", "peer"), then by connection count. */
export type LoadMatrix = Record<string, Record<number, LoadResult>>;

export interface LoadOptions {
  /** Base URL, e.g. http://127.0.0.1:8002 */
  url: string;
  /** Paths to rotate through, one per request, in order (e.g. `/?q_sr_id=..&m_sr_id=..`). */
  paths: readonly string[];
  connections: number;
  seconds: number;
}

/**
 * Drives a server with autocannon over loopback, rotating through `paths`. Latency percentiles are
 * computed from every response's own duration (autocannon's histogram rounds to whole milliseconds).
 */
export async function runLoad({ url, paths, connections, seconds }: LoadOptions): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "GET",
        setupRequest: (request: autocannon.Request) => {
          request.path = paths[next++ % paths.length] as string;
          return request;
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
  });
  const started = performance.now();
  const result = await instance;
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    connections,
    seconds: elapsed,
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies[latencies.length - 1] ?? NaN,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Combines repeated runs of one cell: medians of the figures, sums of the error counts. */
export function medianLoad(runs: readonly LoadResult[]): LoadResult {
  const pick = (key: keyof LoadResult) => median(runs.map((r) => r[key]));
  return {
    connections: pick("connections"),
    seconds: pick("seconds"),
    requests: pick("requests"),
    rps: pick("rps"),
    p50: pick("p50"),
    p99: pick("p99"),
    max: pick("max"),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    timeouts: runs.reduce((s, r) => s + r.timeouts, 0),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
  };
}

/** Errors, timeouts and non-2xx answers over all of one server's load runs. */
export function loadErrors(byConnections: Record<number, LoadResult> | undefined): number {
  return Object.values(byConnections ?? {}).reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0);
}
