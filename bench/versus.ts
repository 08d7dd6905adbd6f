import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { apiEvent } from "../lambda/event-fixture.ts";
import { HANDLER_RUNNER, median } from "./cold-start.ts";
import { grab, run } from "./run.ts";

/**
 * Speed of this tree beside another copy of the project (the code before a change), in one run with
 * the two sides interleaved, so that the machine's load weighs on both alike:
 * - classify's scoring phase (`training/classify.ts`, pairs/s of one process, so per core);
 * - the bundled handler's cold start (`bench/cold-start.ts`: require + first answer, ms).
 * Prints medians, their ratio and the load average before and after. A relative `--db`, `--model`
 * or `--pairs` is read in each side's own tree, so that two releases compare with their own models
 * across a feature-version change (a model of one version is refused by the other's code).
 *   npx tsx bench/versus.ts --baseline /tmp/before [--runs 5] [--cold-runs 5]
 * Make the baseline copy with `git archive <commit> | tar -x -C /tmp/before` and a node_modules link.
 */
const options = new Command("versus")
  .requiredOption("--baseline <dir>", "another copy of the project (with node_modules)")
  .option("--db <path>", "catalog (a relative path is read in each side's tree)", "data/db.db")
  .option("--model <path>", "model (a relative path is read in each side's tree)", "data/model.json")
  .option(
    "--pairs <path>",
    "pairs to classify (a relative path is read in each side's tree)",
    "data/groundtruth.csv",
  )
  .option("--runs <n>", "classify runs per side", "5")
  .option("--cold-runs <n>", "fresh processes per side for the cold start (0 = skip)", "5")
  .parse()
  .opts<{ baseline: string; db: string; model: string; pairs: string; runs: string; coldRuns: string }>();

const sides = { baseline: resolve(options.baseline), current: process.cwd() };
/** A path of the options as one side reads it: relative paths inside that side's tree. */
const onSide = (dir: string, path: string) => resolve(dir, path);
const work = mkdtempSync(join(tmpdir(), "sr-match-versus-"));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
console.log(`load average at start: ${load()}`);

const scoring: Record<string, number[]> = { baseline: [], current: [] };
const scoringCpu: Record<string, number[]> = { baseline: [], current: [] };
for (let i = 0; i < Number(options.runs); i++) {
  for (const [name, dir] of Object.entries(sides)) {
    const { stdout } = await run(process.execPath, [
      "--import",
      "tsx",
      join(dir, "training/classify.ts"),
      "--db",
      onSide(dir, options.db),
      "--model",
      onSide(dir, options.model),
      "--pairs",
      onSide(dir, options.pairs),
      "--out",
      join(work, `${name}.csv`),
    ]);
    scoring[name]?.push(grab(stdout, /score [\d.]+ s = (\d+) pairs\/s/, "scoring pairs/s"));
    // The baseline's classify may not print CPU time: time its scoring phase from this side then.
    const cpu = /CPU [\d.]+ s = (\d+) pairs\/CPU-s/.exec(stdout)?.[1];
    if (cpu) scoringCpu[name]?.push(Number(cpu));
  }
}
report("classify scoring phase, pairs/s (wall)", scoring);
if (scoringCpu.baseline?.length && scoringCpu.current?.length)
  report("classify scoring phase, pairs per CPU-second", scoringCpu);

if (Number(options.coldRuns) > 0) {
  // Each side bundled by its own lib/bundling.ts, so that bundle settings are compared too.
  const bundlers = {
    baseline: (await import(join(sides.baseline, "lib/bundling.ts"))) as typeof import("../lib/bundling.ts"),
    current: await import("../lib/bundling.ts"),
  };
  const bundles = {
    baseline: await bundlers.baseline.bundleHandler(join(work, "baseline")),
    current: await bundlers.current.bundleHandler(join(work, "current")),
  };
  const runner = join(work, "runner.cjs");
  writeFileSync(runner, HANDLER_RUNNER);
  const out = join(work, "cold.json");
  const env = (dir: string) => ({
    CATALOG_PATH: onSide(dir, options.db),
    MODEL_PATH: onSide(dir, options.model),
    BENCH_OUT: out,
    BENCH_EVENT: JSON.stringify(apiEvent("GET", "/", "q_sr_id=123&m_sr_id=456")),
  });
  const cold: Record<string, number[]> = { baseline: [], current: [] };
  const boot: number[] = [];
  for (let i = 0; i < Number(options.coldRuns); i++) {
    boot.push((await run(process.execPath, ["-e", "0"])).ms);
    for (const [name, bundle] of Object.entries(bundles)) {
      await run(process.execPath, [runner, bundle], env(sides[name as keyof typeof sides]));
      const figures = JSON.parse(readFileSync(out, "utf8")) as { requireMs: number; firstAnswerMs: number };
      cold[name]?.push(Number((figures.requireMs + figures.firstAnswerMs).toFixed(1)));
    }
  }
  report("bundled handler cold start (require + first answer), ms", cold);
  console.log(`node -e 0 (runtime boot, not included above): median ${median(boot).toFixed(1)} ms`);
}
console.log(`load average at end: ${load()}`);

function report(title: string, figures: Record<string, number[]>): void {
  const base = median(figures.baseline ?? []);
  const now = median(figures.current ?? []);
  console.log(`\n${title} (median of ${figures.current?.length}, interleaved)`);
  console.log(`  baseline ${options.baseline}: ${base.toFixed(1)}   runs ${figures.baseline?.join(" ")}`);
  console.log(`  current  ${process.cwd()}: ${now.toFixed(1)}   runs ${figures.current?.join(" ")}`);
  console.log(`  current / baseline: ${(now / base).toFixed(2)}`);
}
