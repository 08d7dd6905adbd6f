import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { apiEvent } from "../lambda/event-fixture.ts";
import { bundleEntry, bundleHandler } from "../lib/bundling.ts";
import { run } from "./run.ts";

/** Medians over fresh processes, in milliseconds (RSS in MiB). */
export interface ColdStart {
  runs: number;
  /** `node -e 0`: the runtime's own start, the baseline every process pays. */
  nodeBootMs: number;
  /** require() of the bundled handler (module init: logger, config). */
  requireMs: number;
  /** First handler call: read files, wasm, open catalog, parse model, decide, answer. */
  firstAnswerMs: number;
  /** requireMs + firstAnswerMs: what the target refers to. */
  handlerColdMs: number;
  /** Process start to first answer (node boot included). */
  sinceProcessStartMs: number;
  /** Peak RSS of the handler process after its first answer. */
  peakRssMiB: number;
  status: number;
  /** require() of a bundle holding only @aws-sdk/client-s3: evaluated only for an S3 source (lambda/config.ts), but its code is parsed as part of requireMs. */
  s3SdkRequireMs: number;
  /** The parts, timed separately in another fresh process. */
  parts: { wasmMs: number; readMs: number; catalogMs: number; modelMs: number; firstDecisionMs: number };
}

/** Requires the bundle named by argv[2] and answers BENCH_EVENT; writes its timings to BENCH_OUT. */
export const HANDLER_RUNNER = `
const { writeFileSync } = require("node:fs");
const event = JSON.parse(process.env.BENCH_EVENT);
const t0 = performance.now();
const { handler } = require(process.argv[2]);
const t1 = performance.now();
handler(event).then((first) => {
  const t2 = performance.now();
  writeFileSync(process.env.BENCH_OUT, JSON.stringify({
    requireMs: t1 - t0, firstAnswerMs: t2 - t1, sinceProcessStartMs: t2,
    status: first.statusCode, peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }));
});`;

/**
 * Cold start of the handler as Lambda runs it: the esbuild bundle (lib/bundling.ts settings) is
 * required by a fresh `node` process that answers one real pair from local files; `runs` times each.
 */
export async function coldStart(
  dir: string,
  db: string,
  modelPath: string,
  pair: { q: string; m: string },
  runs: number,
): Promise<ColdStart> {
  const bundle = await bundleHandler(join(dir, "handler"));
  const parts = await bundleProbe("./cold-parts.ts", join(dir, "parts"));
  const sdk = await bundleProbe("./cold-sdk.ts", join(dir, "sdk"));
  const sdkRunner = join(dir, "sdk-runner.cjs");
  await writeFile(
    sdkRunner,
    `const t = performance.now(); require(process.argv[2]); require("node:fs").writeFileSync(process.env.BENCH_OUT, JSON.stringify({ ms: performance.now() - t }));`,
  );
  const runner = join(dir, "runner.cjs");
  await writeFile(runner, HANDLER_RUNNER);
  const out = join(dir, "cold.json");
  const query = `q_sr_id=${encodeURIComponent(pair.q)}&m_sr_id=${encodeURIComponent(pair.m)}`;
  const env = {
    CATALOG_PATH: db,
    MODEL_PATH: modelPath,
    BENCH_OUT: out,
    BENCH_EVENT: JSON.stringify(apiEvent("GET", "/", query)),
    BENCH_PAIR: `${pair.q}\n${pair.m}`,
  };
  const boots: number[] = [];
  const handlerRuns: Record<string, number>[] = [];
  const partRuns: Record<string, number>[] = [];
  const sdkRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    boots.push((await run(process.execPath, ["-e", "0"])).ms);
    await run(process.execPath, [runner, bundle], env);
    handlerRuns.push(JSON.parse(await readFile(out, "utf8")));
    await run(process.execPath, [parts], env);
    partRuns.push(JSON.parse(await readFile(out, "utf8")));
    await run(process.execPath, [sdkRunner, sdk], env);
    sdkRuns.push(JSON.parse(await readFile(out, "utf8")).ms);
  }
  const med = (rows: Record<string, number>[], key: string) => median(rows.map((r) => r[key] as number));
  return {
    runs,
    nodeBootMs: median(boots),
    requireMs: med(handlerRuns, "requireMs"),
    firstAnswerMs: med(handlerRuns, "firstAnswerMs"),
    handlerColdMs: median(handlerRuns.map((r) => (r.requireMs as number) + (r.firstAnswerMs as number))),
    sinceProcessStartMs: med(handlerRuns, "sinceProcessStartMs"),
    peakRssMiB: med(handlerRuns, "peakRssMiB"),
    status: handlerRuns[0]?.status as number,
    s3SdkRequireMs: median(sdkRuns),
    parts: {
      wasmMs: med(partRuns, "wasmMs"),
      readMs: med(partRuns, "readMs"),
      catalogMs: med(partRuns, "catalogMs"),
      modelMs: med(partRuns, "modelMs"),
      firstDecisionMs: med(partRuns, "firstDecisionMs"),
    },
  };
}

async function bundleProbe(entry: string, outdir: string): Promise<string> {
  return (await bundleEntry(fileURLToPath(new URL(entry, import.meta.url)), outdir)).file;
}

/** Median of a list (upper middle for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
