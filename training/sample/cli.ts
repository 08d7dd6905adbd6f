/**
 * Generates the sample catalog:
 * `npx tsx training/sample/cli.ts --out data [--pairs 28371] [--seed 42] [--optional-columns]`.
 */
import { Command, InvalidArgumentError } from "commander";
import { exitOnInputError } from "../cli-exit.ts";
import { generateSample } from "./catalog.ts";
import { MIN_PAIRS } from "./plan.ts";
import { writeSample } from "./write.ts";

const int = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`not an integer: ${v}`);
  return n;
};

const pairCount = (v: string): number => {
  const n = int(v);
  if (n < MIN_PAIRS) throw new InvalidArgumentError(`at least ${MIN_PAIRS} pairs, not ${v}`);
  return n;
};

const opts = new Command()
  .name("sample")
  .description("write a deterministic sample db.db + groundtruth.csv shaped like the real catalog")
  .requiredOption("--out <dir>", "output directory")
  .option("--pairs <n>", `number of labelled pairs (at least ${MIN_PAIRS})`, pairCount, 28371)
  .option("--seed <n>", "PRNG seed", int, 42)
  .option(
    "--optional-columns",
    "also write album, duration_ms and year (default: the real four fields)",
    false,
  )
  .parse()
  .opts<{ out: string; pairs: number; seed: number; optionalColumns: boolean }>();

const t0 = performance.now();
const sample = generateSample({ pairs: opts.pairs, seed: opts.seed });
await writeSample(opts.out, sample, { optionalColumns: opts.optionalColumns }).catch(
  exitOnInputError("sample"),
);
const valid = sample.pairs.filter((p) => p.tag === "valid").length;
console.log(
  `${sample.pairs.length} pairs (${valid} valid, ${((100 * valid) / sample.pairs.length).toFixed(1)} %), ` +
    `${sample.records.length} records${opts.optionalColumns ? " (+ album, duration_ms, year)" : ""}, ` +
    `${sample.meta.filter((m) => m.kind.startsWith("label noise")).length} flipped labels -> ${opts.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
