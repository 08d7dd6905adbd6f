import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { apiEvent } from "../lambda/event-fixture.ts";
import { DEFAULT_POINTER_KEY } from "../lambda/s3-source.ts";
import { bundleHandler } from "../lib/bundling.ts";
import { startLoopbackDynamo } from "../lib/testing/loopback-dynamo.ts";
import { startLoopbackS3 } from "../lib/testing/loopback-s3.ts";
import { CatalogFile } from "../training/catalog-file.ts";
import { uploadCatalog } from "../training/catalog-upload.ts";
import { readPairs } from "../training/csv.ts";
import { publishRelease } from "../training/release.ts";

// The DynamoDB catalog beside the sql.js one, in the same run, on loopback servers (dynalite for
// DynamoDB, s3rver for S3): how fast `upload --catalog-table` loads data/db.db, and, for the Lambda
// bundle in fresh node processes, the cold start (require + first request, artifacts loaded) and
// the latency of requests on distinct real pairs (each a cache miss: one BatchGetItem for DynamoDB).
//   npx tsx bench/dynamo.ts [runs=5] [requests=300]
// dynalite is a LevelDB emulator on this shared machine, not DynamoDB: its figures show the code's
// own cost and the shape of the difference, not AWS's latency (single-digit ms per BatchGetItem).

const runs = Number(process.argv[2] ?? 5);
const requests = Number(process.argv[3] ?? 300);
const TABLE = "bench-catalog";
const BUCKET = "bench";
const run = promisify(execFile);

const RUNNER = `
const events = JSON.parse(require("node:fs").readFileSync(process.env.BENCH_EVENTS_FILE, "utf8"));
const t0 = performance.now();
const { handler } = require(process.argv[1]);
handler(events[0]).then(async (first) => {
  const t1 = performance.now();
  const times = [];
  const statuses = [first.statusCode];
  for (const event of events.slice(1)) {
    const s = performance.now();
    statuses.push((await handler(event)).statusCode);
    times.push(performance.now() - s);
  }
  console.log(JSON.stringify({ coldMs: t1 - t0, times, statuses, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
});`;

interface Probe {
  coldMs: number;
  times: number[];
  statuses: number[];
  maxRssMB: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? Number.NaN;

const dir = await mkdtemp(join(tmpdir(), "dynamo-bench-"));
const dynamo = await startLoopbackDynamo();
const s3 = await startLoopbackS3([BUCKET]);
try {
  await dynamo.createCatalogTable(TABLE);
  const catalog = CatalogFile.open("data/db.db");
  const load = await uploadCatalog(catalog, { client: dynamo.client, table: TABLE, concurrency: 16 });
  catalog.close();
  await publishRelease(
    s3.client,
    { bucket: BUCKET, pointerKey: DEFAULT_POINTER_KEY },
    {
      catalog: await readFile("data/db.db"),
      model: await readFile("data/model.json", "utf8"),
    },
  );
  const bundle = await bundleHandler(join(dir, "bundle"));
  const pairs = readPairs("data/groundtruth.csv");
  const step = Math.max(1, Math.floor(pairs.length / requests));
  const events = pairs
    .filter((_, i) => i % step === 0)
    .slice(0, requests)
    .map(({ q, m }) =>
      apiEvent("GET", "/", `q_sr_id=${encodeURIComponent(q)}&m_sr_id=${encodeURIComponent(m)}`),
    );

  const eventsFile = join(dir, "events.json");
  await writeFile(eventsFile, JSON.stringify(events));
  const base = {
    ...process.env,
    ...s3.env(),
    ARTIFACT_BUCKET: BUCKET,
    POWERTOOLS_LOG_LEVEL: "ERROR",
    POWERTOOLS_METRICS_DISABLED: "true",
  };
  const configs: [string, NodeJS.ProcessEnv][] = [
    ["sql.js (db.db from S3)", base],
    ["DynamoDB (dynalite)", { ...base, DYNAMODB_ENDPOINT: dynamo.endpoint, CATALOG_TABLE: TABLE }],
  ];
  const results = new Map<string, Probe[]>(configs.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, env] of configs) {
      const { stdout, stderr } = await run(process.execPath, ["-e", RUNNER, bundle], {
        env: { ...env, BENCH_EVENTS_FILE: eventsFile },
        maxBuffer: 64 * 1024 * 1024,
      });
      const lines = stdout.trim().split("\n");
      const probe = JSON.parse(lines.at(-1) ?? "") as Probe;
      if (probe.statuses.some((status) => status !== 200)) {
        throw new Error(`${name}: statuses ${[...new Set(probe.statuses)]}\n${stderr.slice(0, 1500)}`);
      }
      results.get(name)?.push(probe);
    }
  }

  console.log(
    `load average ${(await readFile("/proc/loadavg", "utf8")).split(" ").slice(0, 3).join(" ")} (2 shared cores)`,
  );
  console.log(
    `upload --catalog-table: ${load.total} records in ${load.seconds.toFixed(1)} s = ${Math.round(load.total / load.seconds)} records/s ` +
      `(16 BatchWriteItem in flight, ${load.retries} repeats)`,
  );
  console.log(
    `${runs} fresh processes per catalog, interleaved; ${events.length - 1} requests on distinct pairs after the first`,
  );
  console.log("catalog                  cold start (require + 1st request)   request p50    p99    peak RSS");
  for (const [name] of configs) {
    const probes = results.get(name) ?? [];
    const times = probes.flatMap((probe) => probe.times);
    console.log(
      `${name.padEnd(24)} ${median(probes.map((p) => p.coldMs))
        .toFixed(0)
        .padStart(8)} ms` +
        `${quantile(times, 0.5).toFixed(2).padStart(30)} ms ${quantile(times, 0.99).toFixed(2).padStart(6)} ms` +
        `${median(probes.map((p) => p.maxRssMB))
          .toFixed(0)
          .padStart(8)} MB`,
    );
  }
} finally {
  await dynamo.dispose();
  await s3.dispose();
  await rm(dir, { recursive: true, force: true });
}
