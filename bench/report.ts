import { cpus } from "node:os";
import { loadErrors } from "./load.ts";
import { fix, formatTable, int, type Target } from "./table.ts";
import { type BenchRun, batchRows, coldRows, loadRows, qualityRows } from "./tables.ts";
import { targets } from "./targets.ts";

/** The printed report (also stored as the JSON's `table`) and the targets it ends with. */
export interface Report {
  table: string;
  targets: Target[];
}

/** Builds the printed report: header, load, batch, quality and cold-start tables, notes, targets. */
export function buildReport(run: BenchRun): Report {
  const { settings, load, quality, soak, security } = run;
  const list = targets(run);
  const ours = quality.service;
  const lines = [
    `sr-match benchmark, ${run.startedAt.toISOString()}, node ${process.version}, ${cpus().length} cores: ${cpus()[0]?.model ?? "?"}`,
    `The load generator (autocannon, in this process) and the server share the ${cpus().length} cores. Machine load average at start ${run.loadAverage.start.map((l) => l.toFixed(2)).join(" ")}, at end ${run.loadAverage.end.map((l) => l.toFixed(2)).join(" ")} (other work on the machine shows up here).`,
    `Load: ${run.pairs} rotating real pairs from ${settings.groundtruth} (same list for all three servers; the ceiling ignores them), ${settings.rounds} round(s) × ${settings.duration} s per cell, servers interleaved, medians; latency from each response's own duration.`,
    `service = local/main.ts (node:http + Lambda handler, per-request JSON log line to a file); ceiling = bare node:http, fixed JSON body, no log; peer = python-fastapi server.py (${run.peerVersions}; uvicorn 1 worker, access log to a file).`,
    "",
    formatTable(loadRows(run)),
    `errors+timeouts+non-2xx during load: service ${loadErrors(load.service)}, ceiling ${loadErrors(load.ceiling)}, peer ${settings.skipPeer ? "n/a" : loadErrors(load.peer)}`,
    "",
    formatTable(batchRows(run)),
    "",
    formatTable(qualityRows(run)),
    `(data/model.json records test F1 ${fix(ours.shippedTestF1, 4)} on n=${ours.shippedTestN}: ${Math.abs(ours.shippedTestF1 - ours.f1) < 1e-12 && ours.shippedTestN === ours.n ? "same split, same figure" : "DIFFERS from the re-evaluation above"})`,
    "",
    formatTable(coldRows(run)),
    "",
    soak
      ? `soak: ${fix(soak.seconds, 0)} s at ${soak.connections} conns, ${int(soak.requests)} requests (${int(soak.rps)} req/s, p99 ${fix(soak.p99, 3)} ms), errors ${soak.errors}, timeouts ${soak.timeouts}, non-2xx ${soak.non2xx}; RSS ${fix(soak.rssStartMiB, 0)} -> ${fix(soak.rssEndMiB, 0)} MiB (peak ${fix(soak.rssPeakMiB, 0)}; every 5 s: ${soak.rssSamplesMiB.map((x) => x.toFixed(0)).join(" ")}); answers after: ${soak.serverAliveAfter ? "yes" : "NO"}`
      : "soak: skipped",
    `security: ${security?.probes.map((p) => `${p.status}${p.json && p.nosniff && !p.leaks ? "" : "!"}`).join(" ")} (statuses of ${security?.probes.length} probes; ! = not JSON, no nosniff or leaked a path/stack); 5 kB query -> ${security?.queryCapStatus}`,
    `npm audit --omit=dev: ${security?.audit.summary}; production dependency tree: ${security?.productionDependencies} packages (npm ls --omit=dev)`,
    "",
    formatTable([
      ["target", "value", "target", "met"],
      ...list.map((t) => [t.name, t.value, t.target, t.met ? "yes" : "NO"]),
    ]),
  ];
  return { table: lines.join("\n"), targets: list };
}

/** The JSON written to bench/results: the run's figures, its settings, the targets and the report. */
export function resultsJson(run: BenchRun, report: Report) {
  const { settings: s } = run;
  return {
    startedAt: run.startedAt,
    node: process.version,
    cpus: cpus().length,
    loadAverage: run.loadAverage,
    settings: {
      pairs: run.pairs,
      connections: s.connections,
      duration: s.duration,
      rounds: s.rounds,
      soakSeconds: s.soakSeconds,
      coldRuns: s.coldRuns,
      batchRuns: s.batchRuns,
      skipPeer: s.skipPeer,
    },
    load: run.load,
    batch: run.batch,
    quality: run.quality,
    cold: run.cold,
    soak: run.soak,
    security: run.security,
    targets: report.targets,
    table: report.table,
  };
}
