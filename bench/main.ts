import { mkdtempSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { readPairs } from "../training/csv.ts";
import { batchOurs, batchPeer } from "./batch.ts";
import { coldStart, median } from "./cold-start.ts";
import { type LoadResult, runLoad } from "./load.ts";
import { requestPaths } from "./pairs.ts";
import { ensurePeer, evalPeer, peerServerCommand, trainPeer } from "./peer.ts";
import { type ServerProcess, startServer } from "./process.ts";
import { evalOurs, writeSplit } from "./quality.ts";
import { securityChecks } from "./security.ts";
import { soak } from "./soak.ts";
import { fix, formatTable, int, type Target, writeResults } from "./table.ts";

const options = new Command("bench")
  .description("Service vs bare-server ceiling vs the Python peer: load, cold start, batch, soak")
  .option("--db <path>", "catalog", "data/db.db")
  .option("--model <path>", "our shipped model", "data/model.json")
  .option("--groundtruth <path>", "labelled pairs", "data/groundtruth.csv")
  .option("--pairs <n>", "rotating real pairs per load run", "5000")
  .option("--connections <list>", "connection counts", "1,10,100")
  .option("--duration <s>", "seconds per load run", "10")
  .option("--rounds <n>", "rounds per cell, servers interleaved; medians reported", "2")
  .option("--soak-seconds <s>", "soak length at 100 connections (0 = skip)", "60")
  .option("--cold-runs <n>", "fresh processes for the cold start", "7")
  .option("--batch-runs <n>", "classify runs per side", "3")
  .option("--skip-peer", "do not install, train or drive the Python peer")
  .option("--quick", "short runs (3 s, 1 round, 10 s soak, 3 cold starts, 1 batch run) for a smoke test")
  .parse()
  .opts<{
    db: string;
    model: string;
    groundtruth: string;
    pairs: string;
    connections: string;
    duration: string;
    rounds: string;
    soakSeconds: string;
    coldRuns: string;
    batchRuns: string;
    skipPeer?: boolean;
    quick?: boolean;
  }>();

const q = options.quick;
const duration = q ? 3 : Number(options.duration);
const rounds = q ? 1 : Number(options.rounds);
const soakSeconds = q ? Math.min(10, Number(options.soakSeconds)) : Number(options.soakSeconds);
const coldRuns = q ? 3 : Number(options.coldRuns);
const batchRuns = q ? 1 : Number(options.batchRuns);
const connections = options.connections.split(",").map(Number);
const startedAt = new Date();
const loadAtStart = loadavg();
const work = mkdtempSync(join(tmpdir(), "sr-match-bench-"));
const say = (text: string) =>
  console.error(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s] ${text}`);

const paths = requestPaths(options.groundtruth, Number(options.pairs));
say(`${paths.length} rotating pairs; work dir ${work}`);

// Quality on the same held-out pairs: the group-aware split of the training CLI.
say("writing the group-aware split (training/train.ts --split-dir)");
const split = await writeSplit(options.db, options.groundtruth, work);
const ours = await evalOurs(options.db, options.model, split.test);
let peerVersions = "skipped";
let peerModel = "";
let peerQuality: Awaited<ReturnType<typeof evalPeer>> | undefined;
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

const load: Record<string, Record<number, LoadResult>> = {};
let security: Awaited<ReturnType<typeof securityChecks>> | undefined;
let soakResult: Awaited<ReturnType<typeof soak>> | undefined;
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
const peerBatch = options.skipPeer
  ? undefined
  : await batchPeer(options.db, peerModel, options.groundtruth, work, batchRuns);
const loadAtEnd = loadavg();

// ---------------------------------------------------------------- the table
const at10 = (name: string) => load[name]?.[10];
const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : NaN);
const loadRows: string[][] = [
  [
    "connections",
    "service req/s",
    "p50 ms",
    "p99 ms",
    "ceiling req/s",
    "p50 ms",
    "p99 ms",
    "peer req/s",
    "p50 ms",
    "p99 ms",
    "service/ceiling",
    "service/peer",
  ],
  ...connections.map((c) => {
    const s = load.service?.[c];
    const ce = load.ceiling?.[c];
    const p = load.peer?.[c];
    return [
      String(c),
      int(s?.rps ?? NaN),
      fix(s?.p50 ?? NaN, 3),
      fix(s?.p99 ?? NaN, 3),
      int(ce?.rps ?? NaN),
      fix(ce?.p50 ?? NaN, 3),
      fix(ce?.p99 ?? NaN, 3),
      int(p?.rps ?? NaN),
      fix(p?.p50 ?? NaN, 3),
      fix(p?.p99 ?? NaN, 3),
      `${fix(100 * ratio(s?.rps, ce?.rps), 1)} %`,
      `${fix(ratio(s?.rps, p?.rps), 1)}×`,
    ];
  }),
];
const errorsOf = (name: string) =>
  Object.values(load[name] ?? {}).reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0);
const batchRows = [
  [
    "batch classify (1 process)",
    "pairs",
    "end-to-end pairs/s",
    "scoring-only pairs/s",
    "load s",
    "wall s incl. start-up",
  ],
  [
    "service (training/classify.ts)",
    int(batch.pairs),
    int(batch.endToEndPairsPerS),
    int(batch.scoringPairsPerS),
    fix(batch.loadS),
    fix(batch.wallS),
  ],
  ...(peerBatch
    ? [
        [
          "peer (peer.py classify, best)",
          int(batch.pairs),
          int(peerBatch.endToEndPairsPerS),
          int(peerBatch.scoringPairsPerS),
          "n/a",
          fix(peerBatch.wallS),
        ],
      ]
    : []),
  [
    "service/peer",
    "",
    `${fix(ratio(batch.endToEndPairsPerS, peerBatch?.endToEndPairsPerS), 1)}×`,
    `${fix(ratio(batch.scoringPairsPerS, peerBatch?.scoringPairsPerS), 1)}×`,
    "",
    "",
  ],
];
const qualityRows = [
  ["F1 on the held-out test.csv", "n", "F1", "precision", "recall", "accuracy"],
  [
    "service (data/model.json)",
    int(ours.n),
    fix(ours.f1, 4),
    fix(ours.precision, 4),
    fix(ours.recall, 4),
    fix(ours.accuracy, 4),
  ],
  ...(peerQuality
    ? [
        [
          "peer best (train+validation)",
          int(peerQuality.n),
          fix(peerQuality.f1, 4),
          fix(peerQuality.precision, 4),
          fix(peerQuality.recall, 4),
          fix(peerQuality.accuracy, 4),
        ],
      ]
    : []),
];
const coldRows = [
  [`cold start (bundled handler, median of ${cold.runs})`, "ms"],
  ["node boot (node -e 0), baseline", fix(cold.nodeBootMs, 1)],
  ["require(bundle): module init", fix(cold.requireMs, 1)],
  ["  @aws-sdk/client-s3 alone, own process (S3 source only)", fix(cold.s3SdkRequireMs, 1)],
  ["first answer: artifacts + decide", fix(cold.firstAnswerMs, 1)],
  ["  = handler cold start (require + first answer)", fix(cold.handlerColdMs, 1)],
  ["  process start to first answer", fix(cold.sinceProcessStartMs, 1)],
  ["parts, timed alone in another fresh process:", ""],
  ["  wasm (loadSqlJs)", fix(cold.parts.wasmMs, 1)],
  ["  read db.db + model.json", fix(cold.parts.readMs, 1)],
  ["  catalog (Catalog.open)", fix(cold.parts.catalogMs, 1)],
  ["  model (parseModel)", fix(cold.parts.modelMs, 1)],
  ["  first decision (2 lookups + prepare)", fix(cold.parts.firstDecisionMs, 1)],
  ["peak RSS after first answer, MiB", fix(cold.peakRssMiB, 1)],
];
const s10 = at10("service");
const targets: Target[] = [
  {
    name: "service/ceiling req/s at 10 conns",
    value: `${fix(100 * ratio(s10?.rps, at10("ceiling")?.rps), 1)} %`,
    target: ">= 50 %",
    met: ratio(s10?.rps, at10("ceiling")?.rps) >= 0.5,
  },
  {
    name: "service/peer req/s at 10 conns",
    value: `${fix(ratio(s10?.rps, at10("peer")?.rps), 1)}×`,
    target: ">= 20×",
    met: ratio(s10?.rps, at10("peer")?.rps) >= 20,
  },
  {
    name: "service p99 at 10 conns",
    value: `${fix(s10?.p99 ?? NaN, 3)} ms`,
    target: "<= 2 ms",
    met: (s10?.p99 ?? Infinity) <= 2,
  },
  {
    name: "handler cold start (require + first answer)",
    value: `${fix(cold.handlerColdMs, 1)} ms`,
    target: "<= 150 ms",
    met: cold.handlerColdMs <= 150,
  },
  {
    name: "batch scoring-only pairs/s per core",
    value: int(batch.scoringPairsPerS),
    target: ">= 150,000",
    met: batch.scoringPairsPerS >= 150_000,
  },
  {
    name: "batch end-to-end pairs/s per core",
    value: int(batch.endToEndPairsPerS),
    target: ">= 150,000",
    met: batch.endToEndPairsPerS >= 150_000,
  },
  ...(soakResult
    ? [
        {
          name: `soak ${soakSeconds} s at 100 conns: errors`,
          value: int(soakResult.errors + soakResult.timeouts + soakResult.non2xx),
          target: "0",
          met:
            soakResult.errors + soakResult.timeouts + soakResult.non2xx === 0 && soakResult.serverAliveAfter,
        },
        {
          name: "soak RSS growth (start -> end)",
          value: `${fix(soakResult.rssStartMiB, 0)} -> ${fix(soakResult.rssEndMiB, 0)} MiB`,
          target: "<= +64 MiB",
          met: soakResult.rssEndMiB - soakResult.rssStartMiB <= 64,
        },
      ]
    : []),
  {
    name: "security probes: JSON + nosniff, no leaks",
    value: `${security?.probes.filter((p) => p.json && p.nosniff && !p.leaks).length}/${security?.probes.length}`,
    target: "all",
    met: !!security && security.probes.every((p) => p.json && p.nosniff && !p.leaks),
  },
  {
    name: "query cap (5 kB query string)",
    value: String(security?.queryCapStatus),
    target: "414",
    met: security?.queryCapStatus === 414,
  },
];

const lines = [
  `sr-match benchmark, ${startedAt.toISOString()}, node ${process.version}, ${cpus().length} cores: ${cpus()[0]?.model ?? "?"}`,
  `The load generator (autocannon, in this process) and the server share the ${cpus().length} cores. Machine load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(" ")}, at end ${loadAtEnd.map((l) => l.toFixed(2)).join(" ")} (other work on the machine shows up here).`,
  `Load: ${paths.length} rotating real pairs from ${options.groundtruth} (same list for all three servers; the ceiling ignores them), ${rounds} round(s) × ${duration} s per cell, servers interleaved, medians; latency from each response's own duration.`,
  `service = local/main.ts (node:http + Lambda handler, per-request JSON log line to a file); ceiling = bare node:http, fixed JSON body, no log; peer = python-fastapi server.py (${peerVersions}; uvicorn 1 worker, access log to a file).`,
  "",
  formatTable(loadRows),
  `errors+timeouts+non-2xx during load: service ${errorsOf("service")}, ceiling ${errorsOf("ceiling")}, peer ${options.skipPeer ? "n/a" : errorsOf("peer")}`,
  "",
  formatTable(batchRows),
  "",
  formatTable(qualityRows),
  `(data/model.json records test F1 ${fix(ours.shippedTestF1, 4)} on n=${ours.shippedTestN}: ${Math.abs(ours.shippedTestF1 - ours.f1) < 1e-12 && ours.shippedTestN === ours.n ? "same split, same figure" : "DIFFERS from the re-evaluation above"})`,
  "",
  formatTable(coldRows),
  "",
  soakResult
    ? `soak: ${fix(soakResult.seconds, 0)} s at ${soakResult.connections} conns, ${int(soakResult.requests)} requests (${int(soakResult.rps)} req/s, p99 ${fix(soakResult.p99, 3)} ms), errors ${soakResult.errors}, timeouts ${soakResult.timeouts}, non-2xx ${soakResult.non2xx}; RSS ${fix(soakResult.rssStartMiB, 0)} -> ${fix(soakResult.rssEndMiB, 0)} MiB (peak ${fix(soakResult.rssPeakMiB, 0)}; every 5 s: ${soakResult.rssSamplesMiB.map((x) => x.toFixed(0)).join(" ")}); answers after: ${soakResult.serverAliveAfter ? "yes" : "NO"}`
    : "soak: skipped",
  `security: ${security?.probes.map((p) => `${p.status}${p.json && p.nosniff && !p.leaks ? "" : "!"}`).join(" ")} (statuses of ${security?.probes.length} probes; ! = not JSON, no nosniff or leaked a path/stack); 5 kB query -> ${security?.queryCapStatus}`,
  `npm audit --omit=dev: ${security?.audit.summary}; production dependency tree: ${security?.productionDependencies} packages (npm ls --omit=dev)`,
  "",
  formatTable([
    ["target", "value", "target", "met"],
    ...targets.map((t) => [t.name, t.value, t.target, t.met ? "yes" : "NO"]),
  ]),
];
console.log(lines.join("\n"));
const file = writeResults("bench/results", startedAt, {
  startedAt,
  node: process.version,
  cpus: cpus().length,
  loadAverage: { start: loadAtStart, end: loadAtEnd },
  settings: {
    pairs: paths.length,
    connections,
    duration,
    rounds,
    soakSeconds,
    coldRuns,
    batchRuns,
    skipPeer: !!options.skipPeer,
  },
  load,
  batch: { service: batch, peer: peerBatch },
  quality: {
    service: ours,
    peer: peerQuality,
    split: { test: readFileSync(split.test, "utf8").trim().split("\n").length - 1 },
  },
  cold,
  soak: soakResult,
  security,
  targets,
  table: lines.join("\n"),
});
console.log(`\nwrote ${file} and bench/results/latest.json`);

function medianLoad(runs: LoadResult[]): LoadResult {
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
