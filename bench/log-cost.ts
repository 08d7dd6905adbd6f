import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requestPaths } from "./pairs.ts";
import { type ServerProcess, startServer } from "./process.ts";

// `npx tsx bench/log-cost.ts [seconds=8] [rounds=3]`: requests/s of the local server (the Lambda
// handler behind node:http, its per-request log line written to a file) against a bare node:http
// server, both driven by wrk (a C load generator: 1 thread, 10 connections) in the same run, rounds
// interleaved, medians reported. A third server runs with the request line turned off
// (REQUEST_LOG=off), to show what the line itself costs. Beside requests/s, each server's CPU time
// (user + system, from /proc) per request answered: steadier than requests/s on a shared machine,
// since the load generator's share of the cores moves the one and not the other. Needs `wrk`
// (apt-get install -y wrk).
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

/** One wrk run against a server: its requests/s and the server's CPU microseconds per request. */
function wrk(server: ServerProcess): { rps: number; cpuUs: number } {
  const cpuBefore = cpuSeconds(server.pid);
  const run = spawnSync("wrk", ["-t1", "-c10", `-d${seconds}s`, "-s", script, server.url], {
    encoding: "utf8",
  });
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr || run.error}`);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout);
  const count = /(\d+) requests in/.exec(run.stdout);
  if (!rate || !count) throw new Error(`no request count in wrk output:\n${run.stdout}`);
  return { rps: Number(rate[1]), cpuUs: (1e6 * cpu) / Number(count[1]) };
}

/** User + system CPU seconds of a process so far (/proc/PID/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const started = await Promise.all(servers.map(([, begin]) => begin()));
const rps: number[][] = servers.map(() => []);
const cpuUs: number[][] = servers.map(() => []);
try {
  for (const server of started) wrk(server); // warm-up: every recording prepared once
  for (let round = 0; round < rounds; round++) {
    for (const [i, server] of started.entries()) {
      const measured = wrk(server);
      rps[i]?.push(measured.rps);
      cpuUs[i]?.push(measured.cpuUs);
    }
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
  const share = ((100 * value) / ceiling).toFixed(0);
  const cpu = median(cpuUs[i] ?? []).toFixed(1);
  const perRound = `${(rps[i] ?? []).map((v) => v.toFixed(0)).join(", ")} req/s; ${(cpuUs[i] ?? []).map((v) => v.toFixed(1)).join(", ")} µs`;
  console.log(
    `${name.padEnd(28)} ${value.toFixed(0).padStart(7)} req/s  ${share.padStart(3)} % of ceiling  ${cpu.padStart(6)} µs CPU/request  (rounds: ${perRound})`,
  );
}

function loadAverage(): string {
  return spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout.split(" ").slice(0, 3).join(" ");
}
