import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { apiEvent } from "../lambda/event-fixture.ts";
import { DEFAULT_POINTER_KEY } from "../lambda/s3-source.ts";
import { publishRelease } from "../training/release.ts";
import { bundleHandler } from "./bundling.ts";
import { fixtureModelJson } from "./testing/fixture-artifacts.ts";
import { startLoopbackS3 } from "./testing/loopback-s3.ts";

// Cold start of the Lambda bundle loading its artifacts from a loopback S3 server (s3rver), and the
// bundle's size. Each run is a fresh `node` process: require the bundle, answer one request (which
// loads pointer, catalog and model from S3) and the other two README examples warm; report peak RSS.
//   npx tsx lib/cold-start-bench.ts [runs=7] [db=data/db.db] [model=data/model.json]
// The model falls back to the test fixture when the model file is absent.

const [runs = "7", dbPath = "data/db.db", modelPath = "data/model.json"] = process.argv.slice(2);
const BUCKET = "bench";

const RUNNER = `
const [first, ...rest] = JSON.parse(process.env.BENCH_EVENTS);
const t0 = performance.now();
const { handler } = require(process.argv[2]);
const t1 = performance.now();
handler(first).then(async (cold) => {
  const t2 = performance.now();
  const warm = [];
  for (const event of rest) warm.push(await handler(event));
  const t3 = performance.now();
  console.log(JSON.stringify({
    requireMs: t1 - t0, firstMs: t2 - t1, warmMs: (t3 - t2) / rest.length,
    statuses: [cold, ...warm].map((r) => r.statusCode), bodies: [cold, ...warm].map((r) => r.body).join(" "),
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }));
});`;

interface Run {
  requireMs: number;
  firstMs: number;
  warmMs: number;
  statuses: number[];
  bodies: string;
  maxRssMB: number;
}

const s3 = await startLoopbackS3([BUCKET]);
const dir = await mkdtemp(join(tmpdir(), "cold-start-"));
try {
  const model = existsSync(modelPath) ? await readFile(modelPath, "utf8") : fixtureModelJson();
  const catalog = await readFile(dbPath);
  const release = await publishRelease(
    s3.client,
    { bucket: BUCKET, pointerKey: DEFAULT_POINTER_KEY },
    { catalog, model },
  );
  const bundle = await bundleHandler(join(dir, "bundle"));
  const runner = join(dir, "runner.cjs");
  await writeFile(runner, RUNNER);

  const env = {
    ...process.env,
    ...s3.env(),
    ARTIFACT_BUCKET: BUCKET,
    POWERTOOLS_LOG_LEVEL: "WARN",
    BENCH_EVENTS: JSON.stringify(
      [
        ["123", "456"],
        ["123", "789"],
        ["456", "789"],
      ].map(([q, m]) => apiEvent("GET", "/", `q_sr_id=${q}&m_sr_id=${m}`)),
    ),
  };
  const results: Run[] = [];
  for (let i = 0; i < Number(runs); i++) {
    const { stdout } = await promisify(execFile)(process.execPath, [runner, bundle], { env });
    results.push(JSON.parse(stdout.trim().split("\n").at(-1) as string) as Run);
  }

  const js = await readFile(bundle);
  const wasm = (await stat(join(dir, "bundle", "sql-wasm.wasm"))).size;
  const median = (pick: (r: Run) => number, digits = 0) => {
    const sorted = results.map(pick).sort((a, b) => a - b);
    return (sorted[Math.floor(sorted.length / 2)] as number).toFixed(digits);
  };
  console.log(`release ${release.version}: catalog ${(catalog.length / 1e6).toFixed(1)} MB from ${dbPath}`);
  console.log(`node ${process.version}, ${results.length} fresh processes, answers ${results[0]?.bodies}`);
  console.log(`require bundle         median ${median((r) => r.requireMs)} ms`);
  console.log(`first request (S3 load) median ${median((r) => r.firstMs)} ms`);
  console.log(`cold start total       median ${median((r) => r.requireMs + r.firstMs)} ms`);
  console.log(`later requests (warm)  median ${median((r) => r.warmMs, 2)} ms`);
  console.log(`peak RSS               median ${median((r) => r.maxRssMB)} MB`);
  console.log(
    `bundle: index.js ${(js.length / 1024).toFixed(0)} KiB (gzip ${(gzipSync(js).length / 1024).toFixed(0)} KiB)` +
      `, sql-wasm.wasm ${(wasm / 1024).toFixed(0)} KiB`,
  );
  if (results.some((r) => r.statuses.some((status) => status !== 200))) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
  await s3.dispose();
}
