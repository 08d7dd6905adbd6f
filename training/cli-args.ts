import { type Command, InvalidArgumentError } from "commander";
import { MAX_MINHASH_PARTS } from "./dedupe-batch/minhash-parts.ts";
import { MAX_SHARDS } from "./dedupe-batch/sql.ts";
import { trainingPriorOptions } from "./prior.ts";

/**
 * The inputs of a fit as `npm run train` makes it, for the commands that train so (train.ts,
 * report/main.ts): `--db`, `--groundtruth` and the prior's options.
 */
export function trainingInputOptions(command: Command): Command {
  return trainingPriorOptions(
    command
      .option("--db <path>", "SQLite catalog with table soundrecording", "data/db.db")
      .option("--groundtruth <path>", "labelled pairs q_source_id,m_source_id,tag", "data/groundtruth.csv"),
  );
}

/** Commander argument parser: a whole number ≥ 1, or a one-line usage error. */
export function positiveInteger(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`not a positive integer: ${v}`);
  return n;
}

/** Commander argument parser: a whole number ≥ 0, or a one-line usage error. */
export function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`not a count: ${v}`);
  return n;
}

/** A Commander argument parser of a whole number from 1 to `max`, or a one-line usage error saying `why`. */
function wholeNumberUpTo(max: number, why: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`not a whole number from 1 to ${max} (${why}): ${v}`);
    return n;
  };
}

/** Commander argument parser of `--minhash-parts`: 1 to MAX_MINHASH_PARTS, or a one-line usage error. */
export const minhashPartsArg = wholeNumberUpTo(
  MAX_MINHASH_PARTS,
  "one Athena INSERT writes at most 100 partitions",
);

/** Commander argument parser of `--shards`: 1 to MAX_SHARDS, or a one-line usage error. */
export const shardsArg = wholeNumberUpTo(
  MAX_SHARDS,
  "shards are written in at most 100 groups of 100: one Athena INSERT writes at most 100 partitions",
);

/** Commander argument parser of a memory size for DuckDB (`8GB`, `512MB`), or a one-line usage error. */
export function memorySizeArg(v: string): string {
  if (!/^[1-9]\d*(MB|GB)$/.test(v)) throw new InvalidArgumentError(`not a size such as 8GB or 512MB: ${v}`);
  return v;
}
