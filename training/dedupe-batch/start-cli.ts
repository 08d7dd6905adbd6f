/**
 * Stages a batch dedupe run for the state machine in AWS (lib/dedupe-stack.ts):
 *
 *   npm run dedupe:start -- --bucket <DataBucketName> [--db data/db.db] [--model data/model.json]
 *                           [--incremental] [--search minhash|hnsw] [--minhash-parts N]
 *                           [--threads N] [--out run-input.json]
 *   aws stepfunctions start-execution --state-machine-arn <StateMachineArn> --input file://run-input.json
 *
 * (both names are outputs of the SrMatchDedupeStack). S3_ENDPOINT / S3_FORCE_PATH_STYLE point it at
 * an S3-compatible server instead of AWS.
 */
import { writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { Command, Option } from "commander";
import { CatalogFile } from "../catalog-file.ts";
import { count, minhashPartsArg } from "../cli-args.ts";
import { exitOnInputError } from "../cli-exit.ts";
import { DEFAULT_SEARCH, type NeighbourSearch } from "../dedupe/candidate-stage.ts";
import { loadModelFile } from "../model-file.ts";
import { stageRun } from "./start.ts";
import { ThreadPool } from "./thread-pool.ts";
import { s3ClientFromEnv } from "./worker-handler.ts";

const opts = new Command("dedupe:start")
  .description(
    "Put the catalog snapshot and the model in the dedupe stack's bucket; write the execution input",
  )
  .requiredOption("--bucket <name>", "the stack's data bucket (output DataBucketName)")
  .option("--db <path>", "catalog (SQLite)", "data/db.db")
  .option("--model <path>", "model file", "data/model.json")
  .option(
    "--incremental",
    "update the last run: only new or changed records are embedded and scored (same model)",
    false,
  )
  .addOption(
    new Option(
      "--search <name>",
      "how the neighbours are found: minhash (Athena queries on the snapshot's MinHash buckets, one per part) or hnsw (the IVF embedding stage); an update searches as the run it updates",
    )
      .choices(["minhash", "hnsw"])
      .default(DEFAULT_SEARCH),
  )
  .option(
    "--minhash-parts <n>",
    "MinHash: parts of the buckets searched one Athena query each (default: one per 10^7 records)",
    minhashPartsArg,
  )
  .option(
    "--threads <n>",
    "worker threads preparing the snapshot's records (default: the cores; 0 = all in this thread)",
    count,
  )
  .option("--out <path>", "where to write the execution input (default: standard output)")
  .parse()
  .opts<{
    bucket: string;
    db: string;
    model: string;
    incremental: boolean;
    search: NeighbourSearch;
    minhashParts?: number;
    threads?: number;
    out?: string;
  }>();

const { model, catalog } = await (async () => ({
  model: loadModelFile(opts.model),
  catalog: CatalogFile.open(opts.db),
}))().catch(exitOnInputError("dedupe:start"));
const s3 = s3ClientFromEnv();
const threads = opts.threads ?? availableParallelism();
// The threads only prepare the snapshot's chunks (each written beside the snapshot), no worker events: their directory stays unused.
const pool = threads > 0 ? new ThreadPool(threads, tmpdir(), JSON.stringify(model)) : undefined;
try {
  // The catalog's records are read as a stream, into the snapshot: never all at once.
  const staged = await stageRun(s3, opts.bucket, catalog.records(), model, {
    incremental: opts.incremental,
    search: opts.search,
    minhashParts: opts.minhashParts,
    writer: pool?.snapshotWriter(),
  });
  const json = `${JSON.stringify(staged.input, null, 2)}\n`;
  if (opts.out) writeFileSync(opts.out, json);
  else process.stdout.write(json);
  console.error(
    `run ${staged.input.run}${staged.input.incremental ? ` (incremental on run ${staged.input.previousRun})` : ""}: ` +
      `${staged.changed} of ${staged.records} records to embed and score; wrote ${staged.keys.map((k) => `s3://${opts.bucket}/${k}`).join(", ")}`,
  );
} catch (error) {
  console.error(`dedupe:start: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  catalog.close();
  await pool?.close();
}
