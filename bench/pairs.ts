import { readPairs } from "../training/csv.ts";

/**
 * Up to `count` real pairs from a groundtruth CSV, spread evenly over the file, as request paths
 * `/?q_sr_id=..&m_sr_id=..`. The same list drives our server, the ceiling and the peer.
 */
export function requestPaths(groundtruth: string, count: number): string[] {
  const pairs = readPairs(groundtruth);
  const step = Math.max(1, Math.floor(pairs.length / count));
  const paths: string[] = [];
  for (let i = 0; i < pairs.length && paths.length < count; i += step) {
    const pair = pairs[i];
    if (pair) paths.push(`/?q_sr_id=${encodeURIComponent(pair.q)}&m_sr_id=${encodeURIComponent(pair.m)}`);
  }
  return paths;
}
