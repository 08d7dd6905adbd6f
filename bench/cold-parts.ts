import { writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { Catalog, loadSqlJs } from "../lambda/catalog.ts";
import { decide } from "../lambda/match.ts";
import { parseModel } from "../lambda/model.ts";

// Bundled by bench/cold-start.ts like the Lambda handler, and run in a fresh process: times each part
// of what the handler's first request does, in order, and writes them as JSON to BENCH_OUT.
async function main(): Promise<void> {
  const lap = (() => {
    let last = performance.now();
    return () => {
      const now = performance.now();
      const ms = now - last;
      last = now;
      return ms;
    };
  })();
  const [q = "", m = ""] = (process.env.BENCH_PAIR ?? "").split("\n");
  await loadSqlJs();
  const wasmMs = lap();
  const [bytes, json] = await Promise.all([
    readFile(process.env.CATALOG_PATH ?? "data/db.db"),
    readFile(process.env.MODEL_PATH ?? "data/model.json", "utf8"),
  ]);
  const readMs = lap();
  const catalog = await Catalog.open(bytes);
  const catalogMs = lap();
  const model = parseModel(json);
  const modelMs = lap();
  const decision = decide({ catalog, model }, q, m);
  const firstDecisionMs = lap();
  const result = {
    wasmMs,
    readMs,
    catalogMs,
    modelMs,
    firstDecisionMs,
    class: decision.class,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  writeFileSync(process.env.BENCH_OUT as string, JSON.stringify(result));
}
void main();
