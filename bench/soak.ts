import { runLoad } from "./load.ts";
import type { ServerProcess } from "./process.ts";

/** A long run at high concurrency: errors and the server's RSS over time. */
export interface SoakResult {
  seconds: number;
  connections: number;
  requests: number;
  rps: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  rssStartMiB: number;
  rssEndMiB: number;
  rssPeakMiB: number;
  /** RSS sampled every 5 s during the soak. */
  rssSamplesMiB: number[];
  serverAliveAfter: boolean;
}

/** Drives `server` for `seconds` at `connections`, sampling its RSS every 5 s. */
export async function soak(
  server: ServerProcess,
  paths: readonly string[],
  connections: number,
  seconds: number,
): Promise<SoakResult> {
  const start = server.rss().currentMiB;
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(Number(server.rss().currentMiB.toFixed(1))), 5_000);
  const result = await runLoad({ url: server.url, paths, connections, seconds });
  clearInterval(timer);
  const end = server.rss();
  let alive = false;
  try {
    alive = (await fetch(`${server.url}${paths[0]}`)).status === 200;
  } catch {
    alive = false;
  }
  return {
    seconds: result.seconds,
    connections,
    requests: result.requests,
    rps: result.rps,
    p99: result.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    rssStartMiB: start,
    rssEndMiB: end.currentMiB,
    rssPeakMiB: end.peakMiB,
    rssSamplesMiB: samples,
    serverAliveAfter: alive,
  };
}
