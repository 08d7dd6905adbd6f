import { mkdtempSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { readPairs } from "../training/csv.ts";
import { batchOurs, batchPeer, repeatedPairs } from "./batch.ts";
import { coldStart } from "./cold-start.ts";
import { type LoadMatrix, type LoadResult, medianLoad, runLoad } from "./load.ts";
import { parseOptions } from "./options.ts";
import { requestPaths } from "./pairs.ts";
import { ensurePeer, evalPeer, peerServerCommand, trainPeer } from "./peer.ts";
import { type ServerProcess, startServer } from "./process.ts";
import { evalOurs, writeSplit } from "./quality.ts";
import { buildReport, resultsJson } from "./report.ts";
import { type SecurityResult, securityChecks } from "./security.ts";
import { type SoakResult, soak } from "./soak.ts";
import { writeResults } from "./table.ts";
import type { BenchRun, PeerQuality } from "./tables.ts";

// The bench's entry (`npm run bench`): measure, then print the report and write it as JSON.
const options = parseOptions();
const { quick: q, duration, rounds, soakSeconds, coldRuns, batchRuns, connections } = options;
const startedAt = new Date();
const loadAtStart = loadavg();
const work = mkdtempSync(join(tmpdir(), "sr-match-bench-"));
const say = (text: string) =>
  console.error(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s] ${text}`);

const paths = requestPaths(options.groundtruth, options.pairs);
say(`${paths.length} rotating pairs; work dir ${work}`);

// Quality on the same held-out pairs: the group-aware split of the training CLI.
say("writing the group-aware split (training/train.ts --split-dir)");
const split = await writeSplit(options.db, options.groundtruth, work);
const ours = await evalOurs(options.db, options.model, split.test);
let peerVersions = "skipped";
let peerModel = "";
let peerQuality: PeerQuality | undefined;
if (!options.skipPeer) {
  say("peer: checking its Debian packages");
  peerVersions = await ensurePeer();
  say("peer: training the best variant on train.csv + validation.csv");
  peerModel = await trainPeer(options.db, [split.train, split.validation], work);
  say("peer: eval on test.csv");
  peerQuality = await evalPeer(options.db, peerModel, split.test);
}

// Servers, started together and driven in turn (idle ones cost nothing).
const servers: Record<string, ServerProcess> = {};
servers.service = await startServer({
  command: process.execPath,
  args: ["--import", "tsx", "local/main.ts"],
  env: { PORT: "8102", CATALOG_PATH: options.db, MODEL_PATH: options.model },
  port: 8102,
  readyPath: "/health",
  logFile: join(work, "service.log"),
});
servers.ceiling = await startServer({
  command: process.execPath,
  args: ["--import", "tsx", "bench/ceiling.ts"],
  env: { PORT: "8103" },
  port: 8103,
  readyPath: "/",
  logFile: join(work, "ceiling.log"),
});
if (!options.skipPeer) {
  const peer = peerServerCommand(join(process.cwd(), options.db), peerModel, 8112);
  servers.peer = await startServer({
    ...peer,
    port: 8112,
    readyPath: paths[0] as string,
    logFile: join(work, "peer.log"),
  });
}
const names = Object.keys(servers);

const load: LoadMatrix = {};
let security: SecurityResult | undefined;
let soakResult: SoakResult | undefined;
try {
  for (const name of names) {
    say(`warm-up ${name}: ${q ? 3 : 5} s at 10 connections over the rotating pairs`);
    await runLoad({ url: (servers[name] as ServerProcess).url, paths, connections: 10, seconds: q ? 3 : 5 });
  }
  for (const c of connections) {
    const runs: Record<string, LoadResult[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      for (const name of names) {
        say(`load ${name}: ${c} connections, ${duration} s (round ${r + 1}/${rounds})`);
        runs[name]?.push(
          await runLoad({
            url: (servers[name] as ServerProcess).url,
            paths,
            connections: c,
            seconds: duration,
          }),
        );
      }
    }
    for (const name of names) {
      load[name] ??= {};
      (load[name] as Record<number, LoadResult>)[c] = medianLoad(runs[name] as LoadResult[]);
    }
  }
  say("security probes");
  security = await securityChecks((servers.service as ServerProcess).url, paths[0] as string);
  if (soakSeconds > 0) {
    say(`soak: ${soakSeconds} s at 100 connections`);
    soakResult = await soak(servers.service as ServerProcess, paths, 100, soakSeconds);
  }
} finally {
  for (const server of Object.values(servers)) await server.stop();
}

say(`cold start: ${coldRuns} fresh processes`);
const firstPair = readPairs(options.groundtruth)[0] as { q: string; m: string };
const cold = await coldStart(work, options.db, options.model, firstPair, coldRuns);
say(`batch: classify ${options.groundtruth}, ${batchRuns} run(s) per side`);
const batch = await batchOurs(options.db, options.model, options.groundtruth, work, batchRuns);
say(`batch: classify the same pairs ×10, ${batchRuns} run(s)`);
const steady = await batchOurs(
  options.db,
  options.model,
  repeatedPairs(options.groundtruth, 10, join(work, "pairs-x10.csv")),
  work,
  batchRuns,
);
const peerBatch = options.skipPeer
  ? undefined
  : await batchPeer(options.db, peerModel, options.groundtruth, work, batchRuns);
const loadAtEnd = loadavg();

const run: BenchRun = {
  settings: options,
  startedAt,
  loadAverage: { start: loadAtStart, end: loadAtEnd },
  pairs: paths.length,
  peerVersions,
  load,
  batch: { service: batch, peer: peerBatch, steady },
  quality: {
    service: ours,
    peer: peerQuality,
    split: { test: readFileSync(split.test, "utf8").trim().split("\n").length - 1 },
  },
  cold,
  soak: soakResult,
  security,
};
const report = buildReport(run);
console.log(report.table);
const file = writeResults("bench/results", startedAt, resultsJson(run, report));
console.log(`\nwrote ${file} and bench/results/latest.json`);
