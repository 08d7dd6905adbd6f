import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requestPaths } from "./pairs.ts";
import { type ServerProcess, startServer } from "./process.ts";

// `npx tsx bench/log-cost.ts [seconds=8] [rounds=3]`: requests/s of the local server (the Lambda
// handler behind node:http, its per-request log line written to a file) against a bare node:http
// server, both driven by wrk (a C load generator: 1 thread, 10 connections) in the same run, rounds
// interleaved, medians reported. A third server runs with the request line turned off
// (REQUEST_LOG=off), to show what the line itself costs. Needs `wrk` (apt-get install -y wrk).
// An optional third argument names another checkout (its node_modules installed or linked) whose
// local server runs as a fourth column, e.g. the commit before a change: before/after in one run.
const seconds = Number(process.argv[2] ?? 8);
const rounds = Number(process.argv[3] ?? 3);
const baselineDir = process.argv[4];
const dir = mkdtempSync(join(tmpdir(), "log-cost-"));
const paths = requestPaths("data/groundtruth.csv", 1000);
const script = join(dir, "rotate.lua");
writeFileSync(
  script,
  `local paths = {${paths.map((p) => JSON.stringify(p)).join(",")}}\n` +
    'local i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n',
);

const tsx = ["--import", "tsx"];
const servers: [string, () => Promise<ServerProcess>][] = [
  ["ceiling (bare node:http)", () => start(8203, ["bench/ceiling.ts"], "/", {})],
  ["service, request log on", () => start(8201, ["local/main.ts"], "/health", {})],
  ["service, request log off", () => start(8202, ["local/main.ts"], "/health", { REQUEST_LOG: "off" })],
];

if (baselineDir) {
  servers.push([
    `baseline ${baselineDir}`,
    () => start(8204, [join(baselineDir, "local/main.ts")], "/health", {}),
  ]);
}

function start(port: number, args: string[], readyPath: string, env: NodeJS.ProcessEnv) {
  const logFile = join(dir, `${port}.log`);
  return startServer({
    command: process.execPath,
    args: [...tsx, ...args],
    env: { PORT: String(port), ...env },
    port,
    readyPath,
    logFile,
  });
}

function wrk(url: string): number {
  const run = spawnSync("wrk", ["-t1", "-c10", `-d${seconds}s`, "-s", script, url], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr || run.error}`);
  const match = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout);
  if (!match) throw new Error(`no Requests/sec in wrk output:\n${run.stdout}`);
  return Number(match[1]);
}

const started = await Promise.all(servers.map(([, begin]) => begin()));
const rps: number[][] = servers.map(() => []);
try {
  for (const server of started) wrk(server.url); // warm-up: every recording prepared once
  for (let round = 0; round < rounds; round++) {
    for (const [i, server] of started.entries()) rps[i]?.push(wrk(server.url));
  }
} finally {
  await Promise.all(started.map((server) => server.stop()));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ceiling = median(rps[0] ?? []);
console.log(
  `wrk -t1 -c10 -d${seconds}s, ${rounds} interleaved rounds, medians; load average ${loadAverage()}`,
);
for (const [i, [name]] of servers.entries()) {
  const value = median(rps[i] ?? []);
  console.log(
    `${name.padEnd(28)} ${value.toFixed(0).padStart(7)} req/s  ${((100 * value) / ceiling).toFixed(0).padStart(3)} % of ceiling  (rounds: ${(rps[i] ?? []).map((v) => v.toFixed(0)).join(", ")})`,
  );
}

function loadAverage(): string {
  return spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout.split(" ").slice(0, 3).join(" ");
}
