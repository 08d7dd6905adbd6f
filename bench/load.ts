import autocannon from "autocannon";

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
