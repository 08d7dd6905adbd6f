/**
 * Deduplicates a whole catalog: `npm run dedupe -- [--db data/db.db] [--model data/model.json] --out DIR`.
 * Writes candidates.csv, clusters.csv, review-pairs.csv and summary.json to DIR.
 */
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { InvalidCatalogError } from "../../lambda/catalog.ts";
import { parseModel } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { CatalogFile } from "../catalog-file.ts";
import { count, memorySizeArg, minhashPartsArg, positiveInteger, shardsArg } from "../cli-args.ts";
import { exitOnInputError } from "../cli-exit.ts";
import { readPairs } from "../csv.ts";
import { runBatchDedupe } from "../dedupe-batch/engine.ts";
import { elapsedLog } from "../elapsed-log.ts";
import { intendedLabels, readMatchingNoise } from "../sample/noise-file.ts";
import { BLOCK_WINDOW } from "./blocking.ts";
import { DEFAULT_SEARCH, type NeighbourSearch, searchesMinhash } from "./candidate-stage.ts";
import { clusterIds } from "./cluster-ids.ts";
import { CATALOG_BUILD_EXPANSION } from "./knn.ts";
import { runDedupe } from "./pipeline.ts";
import { readPreviousClusters } from "./previous.ts";
import { writeRetrievalIndex } from "./retrieval-index.ts";
import { buildSummary, evaluateOnPairs, type PairEvaluation } from "./summary.ts";
import { runDedupeThreaded } from "./threaded.ts";
import { reviewPairs, writeCandidates, writeClusters, writeReviewPairs } from "./write.ts";

/** A probability: a number from 0 to 1, or a one-line usage error. */
const probability = (v: string): number => {
  const n = Number(v);
  if (v.trim() === "" || !(n >= 0 && n <= 1))
    throw new InvalidArgumentError(`not a number from 0 to 1: ${v}`);
  return n;
};

const program = new Command()
  .name("dedupe")
  .description("find the duplicates of a whole catalog: candidates, scores, clusters")
  .requiredOption("--out <dir>", "output directory")
  .option("--db <path>", "catalog (SQLite)", "data/db.db")
  .option("--model <path>", "model file", "data/model.json")
  .option("--groundtruth <csv>", "labelled pairs q_source_id,m_source_id,tag to evaluate on")
  .option(
    "--noise <csv>",
    "labels flipped on purpose, evaluated apart (default: sample-noise.csv beside --groundtruth, if present)",
  )
  .option("--previous <csv>", "a previous run's clusters.csv, whose cluster ids are carried over")
  .option(
    "--k <n>",
    "embedding nearest neighbours per record (0: the blocking rules alone, about 4x faster at 1M but 0.90 of MusicBrainz 20K's true pairs proposed against 0.996)",
    count,
    10,
  )
  .addOption(
    new Option(
      "--search <name>",
      "how the neighbours are found: minhash (MinHash LSH on the text's character 3-grams; duckdb engine: SQL joins on the snapshot's buckets, one per part) or hnsw (the embedder's vectors in usearch's index: about 6x the search time at 1M for as many true pairs; duckdb engine: the IVF embedding stage)",
    )
      .choices(["minhash", "hnsw"])
      .default(DEFAULT_SEARCH),
  )
  .option(
    "--max-block <n>",
    `a blocking key shared by more records than this pairs each with its next ${BLOCK_WINDOW} only`,
    positiveInteger,
    50,
  )
  .option(
    "--exact-knn",
    "brute-force neighbours of the embedder's vectors instead of either search (baseline)",
    false,
  )
  .option(
    "--build-expansion <n>",
    "memory engine, --search hnsw: build expansion of the neighbour index (128: a few more duplicates found, 1.7 times its time)",
    positiveInteger,
    CATALOG_BUILD_EXPANSION,
  )
  .option("--cannot-link-below <p>", "a pair scored below this never shares a cluster", probability, 0.1)
  .addOption(
    new Option(
      "--engine <name>",
      "memory (one process) or duckdb (the batch stages: DuckDB + worker threads)",
    )
      .choices(["memory", "duckdb"])
      .default("memory"),
  )
  .option(
    "--threads <n>",
    "worker threads (memory: default the cores, 0 = all in this thread; duckdb: default 2)",
    count,
  )
  .option(
    "--shards <n>",
    "candidate and component shards of the duckdb engine, at most 10,000 (default: one per 10,000 records, at least 16)",
    shardsArg,
  )
  .option(
    "--minhash-parts <n>",
    "duckdb engine, MinHash: parts of the buckets searched one query each (default: one per 10^6 records, as its DuckDB has 4 GB; dedupe:start for Athena: one per 10^7)",
    minhashPartsArg,
  )
  .option(
    "--duckdb-memory <size>",
    "duckdb engine: DuckDB's memory limit, past which it spills to disk (default 4GB; a 10M-record catalog's MinHash merge needs more, 8GB ran it)",
    memorySizeArg,
  )
  .option(
    "--incremental",
    "duckdb engine: update the last run in --out instead of starting afresh; only new or changed records are embedded and scored, cluster ids carried over",
    false,
  )
  .option("--index-into <db>", "write the /matches retrieval index into this catalog file (the release's)")
  .parse();
const opts = program.opts<{
  out: string;
  db: string;
  model: string;
  groundtruth?: string;
  noise?: string;
  previous?: string;
  k: number;
  search: NeighbourSearch;
  maxBlock: number;
  exactKnn: boolean;
  buildExpansion: number;
  cannotLinkBelow: number;
  indexInto?: string;
  engine: string;
  threads?: number;
  shards?: number;
  minhashParts?: number;
  duckdbMemory?: string;
  incremental: boolean;
}>();
if (opts.engine === "duckdb" && program.getOptionValueSource("buildExpansion") === "cli")
  program.error(
    "error: --build-expansion sets the memory engine's index; the duckdb engine's partitions use 64",
  );
if (
  opts.engine === "memory" &&
  program.getOptionValueSource("buildExpansion") === "cli" &&
  opts.search !== "hnsw"
)
  program.error("error: --build-expansion sets the HNSW index: add --search hnsw");
if (opts.noise && !opts.groundtruth)
  program.error("error: --noise describes the labels of --groundtruth: add it");
if (opts.minhashParts !== undefined && (opts.engine !== "duckdb" || !searchesMinhash(opts)))
  program.error(
    "error: --minhash-parts splits the MinHash search of the duckdb engine: use it with --engine duckdb (and --search minhash, without --exact-knn)",
  );
if (opts.duckdbMemory !== undefined && opts.engine !== "duckdb")
  program.error("error: --duckdb-memory limits the duckdb engine's DuckDB: add --engine duckdb");
if (opts.incremental && opts.engine !== "duckdb")
  program.error("error: --incremental updates a run of the duckdb engine: add --engine duckdb");

const memoryThreads = opts.threads ?? availableParallelism();
if (!Number.isInteger(memoryThreads)) program.error(`error: --threads: an integer, not ${memoryThreads}`);

// An incremental run carries the cluster ids of the run it updates unless told otherwise.
const previousClusters =
  opts.previous ??
  (opts.incremental && existsSync(join(opts.out, "clusters.csv"))
    ? join(opts.out, "clusters.csv")
    : undefined);

/**
 * The catalog's records, read once as a stream: the file is closed when the reader is done with
 * them. A row that cannot be read throws InvalidCatalogError naming the file.
 */
function* readOnce(catalog: CatalogFile): Generator<SoundRecording> {
  try {
    yield* catalog.records();
  } catch (error) {
    throw new InvalidCatalogError(`${opts.db}: ${(error as Error).message}`);
  } finally {
    catalog.close();
  }
}

// Every input file is opened and checked before the stages run, the groundtruth and the rest read
// whole: a bad one ends the command in one line (exit 1) at once, not after a long run. The
// catalog's rows are read by the engines; one that cannot be read ends the command in one line too.
const started = performance.now();
const log = elapsedLog("dedupe: ");
const { model, catalog, records, labelled, noise, previous } = await (async () => {
  const model = parseModel(readFileSync(opts.model, "utf8"));
  const catalog = CatalogFile.open(opts.db);
  // The duckdb engine reads the records as a stream while it writes its snapshot, the threaded
  // in-memory engine while its threads prepare them (so its `prepare` stage holds the reading); the
  // in-memory engine on this thread alone reads them all here.
  const records = opts.engine === "memory" && memoryThreads === 0 ? [...readOnce(catalog)] : [];
  const labelled = opts.groundtruth ? readPairs(opts.groundtruth) : undefined;
  const noise =
    labelled && opts.groundtruth
      ? readMatchingNoise(opts.noise, opts.groundtruth, labelled, (message) => console.error(message))
      : undefined;
  const previous = previousClusters ? readPreviousClusters(previousClusters) : undefined;
  if (opts.indexInto) {
    // The index goes into a catalog file: checked as one now, not after the stages. The file is
    // replaced whole (writeFileWhole), so its directory must take a new file too.
    accessSync(opts.indexInto, constants.R_OK | constants.W_OK);
    accessSync(dirname(realpathSync(opts.indexInto)), constants.W_OK);
    CatalogFile.open(opts.indexInto).close();
  }
  // A --out that names a file ends the command here, not after the stages.
  mkdirSync(opts.out, { recursive: true });
  return { model, catalog, records, labelled, noise, previous };
})().catch(exitOnInputError("dedupe"));
const loadSeconds = (performance.now() - started) / 1000;

const options = {
  k: opts.k,
  search: opts.search,
  maxBlock: opts.maxBlock,
  exactKnn: opts.exactKnn,
  buildExpansion: opts.buildExpansion,
  cannotLinkBelow: opts.cannotLinkBelow,
};
const batch =
  opts.engine === "duckdb"
    ? await runBatchDedupe(readOnce(catalog), model, {
        ...options,
        dir: join(opts.out, "batch-work"),
        threads: opts.threads ?? 2,
        shards: opts.shards,
        minhashParts: opts.minhashParts,
        memoryLimit: opts.duckdbMemory,
        incremental: opts.incremental,
        log,
      }).catch((error: unknown) => {
        // A stage that fails (DuckDB out of memory, a full disk) ends the command in one line.
        console.error(`dedupe: the duckdb engine's run failed: ${(error as Error).message}`);
        process.exit(1);
      })
    : undefined;
const result =
  batch ??
  (memoryThreads > 0
    ? await runDedupeThreaded(readOnce(catalog), model, {
        ...options,
        threads: memoryThreads,
        progress: true,
      }).catch((error: unknown) => {
        if (error instanceof InvalidCatalogError) exitOnInputError("dedupe")(error);
        throw error;
      })
    : runDedupe(records, model, { ...options, progress: true }));
result.stageSeconds = { load: loadSeconds, ...result.stageSeconds };

const writeStarted = performance.now();
mkdirSync(opts.out, { recursive: true });
const ids = clusterIds(result.srIds, result.clustering.clusterOf, result.clustering.clusterCount, previous);
writeCandidates(opts.out, result);
writeClusters(opts.out, result.srIds, ids);
const review = reviewPairs(result);
writeReviewPairs(opts.out, result.srIds, review);
if (opts.indexInto) await writeRetrievalIndex(opts.indexInto, result);
result.stageSeconds.write = (performance.now() - writeStarted) / 1000;
const totalSeconds = (performance.now() - started) / 1000;

const evaluation = labelled ? evaluateOnPairs(result, labelled) : undefined;
// The same figures with the generator's flipped labels put back (our sample only): a pair tagged
// valid that is really a cover or a sibling track should not be found, and is no miss.
const flippedPutBack =
  labelled && noise
    ? { flippedLabels: noise.size, ...evaluateOnPairs(result, intendedLabels(labelled, noise)) }
    : undefined;
const summary = {
  ...buildSummary(result, {
    totalSeconds,
    reviewPairs: review.length,
    ...(evaluation && { evaluation }),
    ...(flippedPutBack && { flippedPutBack }),
  }),
  ...(batch &&
    opts.incremental && {
      incremental: {
        run: batch.run,
        changedRecords: batch.changedRecords,
        reclusteredRecords: batch.reclusteredRecords,
        clusterIdsFrom: previousClusters ?? null,
      },
    }),
};
writeFileSync(join(opts.out, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);

const stages = Object.entries(summary.stageSeconds)
  .map(([name, s]) => `${name} ${s.toFixed(2)} s`)
  .join(", ");
console.log(
  `${summary.records} records, ${summary.candidates} candidates (${summary.candidatesPerRecord}/record), ` +
    `${summary.clusters} clusters (${summary.singletons} singletons) in ${summary.totalSeconds.toFixed(1)} s ` +
    `[${stages}], CPU ${summary.cpuSeconds} s, peak RSS ${summary.peakRssMb} MB -> ${opts.out}`,
);
if (batch && opts.incremental)
  console.log(
    `incremental run ${batch.run}: ${batch.changedRecords} of ${summary.records} records new or changed, ` +
      `${batch.reclusteredRecords} in components clustered again; cluster ids carried over from ${previousClusters ?? "nothing"}`,
  );
const describe = (e: PairEvaluation) =>
  `pairs completeness ${e.pairsCompleteness.toFixed(4)} on ${e.validPairs} valid pairs; ` +
  `clusters on labelled pairs P ${e.clusterPairwise.precision.toFixed(4)} ` +
  `R ${e.clusterPairwise.recall.toFixed(4)} F1 ${e.clusterPairwise.f1.toFixed(4)} ` +
  `(${e.clusterPairwise.falseMerges} of ${e.invalidPairs} invalid pairs merged)`;
if (evaluation) console.log(`groundtruth: ${describe(evaluation)}`);
if (flippedPutBack)
  console.log(
    `with the ${flippedPutBack.flippedLabels} flipped labels put back: ${describe(flippedPutBack)}`,
  );
