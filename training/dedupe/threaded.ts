import type { Model } from "../../lambda/model.ts";
import { type PreparedRecording, prepareRecording, type SoundRecording } from "../../lambda/recording.ts";
import { progressBars } from "../progress.ts";
import { BLOCKING_RULES, type RuleBlocks } from "./blocking.ts";
import type { CandidateSet } from "./candidate-set.ts";
import { assembleCandidates, neighbourSearch, searchesMinhash } from "./candidate-stage.ts";
import { CANNOT_LINK_BELOW, type ScoredPairs } from "./cluster.ts";
import { hashedNgramEmbedder } from "./embed.ts";
import { minhashLayout, minhashTables, neighbourPairs } from "./minhash.ts";
import {
  clusterStage,
  type DedupeOptions,
  type DedupeOutput,
  embedderLabel,
  unscoredPairs,
} from "./pipeline.ts";
import { pairProbability, pairsByRecord } from "./score.ts";
import { StagePool, type StageTask } from "./stage-pool.ts";
import { StageTimer } from "./stage-timer.ts";

/** Options of {@link runDedupeThreaded}: those of runDedupe, and how many worker threads. */
export interface ThreadedOptions extends DedupeOptions {
  /** Worker threads that prepare, block and score (each holds the catalog prepared). */
  threads: number;
  /** Records sent to the threads at a time as the catalog is read. Default 50,000. */
  recordChunk?: number;
}

/** Records per chunk sent to the threads. */
const RECORD_CHUNK = 50_000;
/** Records per embedding-text task, pairs per scoring task. */
const TEXT_BATCH = 50_000;
const SCORE_BATCH = 200_000;
/** Row ranges per thread in MinHash's signatures, so a thread that finishes early takes another. */
const RANGES_PER_THREAD = 4;

/**
 * The stages of runDedupe with the per-record and per-pair work on worker threads: every thread
 * prepares the catalog, a chunk at a time while this thread reads `source` on; the blocking rules
 * run one per thread, then MinHash's steps in slices (or, for an HNSW search, this thread embeds
 * while the rules run and usearch builds and searches its index on its own native threads); pairs
 * are scored in batches across the threads. The candidates (sources and their order), the float32
 * probabilities and the clusters are those of runDedupe with MinHash or exact neighbours; the ANN's
 * neighbours vary from build to build as they do there.
 */
export async function runDedupeThreaded(
  source: Iterable<SoundRecording>,
  model: Model,
  options: ThreadedOptions,
): Promise<DedupeOutput> {
  const { k = 10, maxBlock = 50, cannotLinkBelow = CANNOT_LINK_BELOW, progress = false, threads } = options;
  const timer = new StageTimer();
  const bar = progressBars(progress);
  const embedder = options.embedder ?? hashedNgramEmbedder();
  const chunk = options.recordChunk ?? RECORD_CHUNK;
  if (!Number.isInteger(chunk) || chunk < 1)
    throw new RangeError(`recordChunk must be a positive integer, not ${chunk}`);
  const pool = new StagePool(threads, JSON.stringify(model));
  try {
    // The threads' MinHash reads the texts where they are; an HNSW search reads them on this thread.
    const onThreads = searchesMinhash(options);
    const { records, texts } = await timer.timeAsync("prepare", async () => {
      const b = bar("prepare");
      const records = await sendRecords(source, pool, chunk, b);
      const n = records.length;
      const tasks: StageTask[] = onThreads
        ? []
        : Array.from({ length: Math.ceil(n / TEXT_BATCH) }, (_, i) => ({
            kind: "texts",
            start: i * TEXT_BATCH,
            end: Math.min(n, (i + 1) * TEXT_BATCH),
          }));
      const replies = await Promise.all(tasks.map((task) => pool.run(task)));
      b.stop();
      return { records, texts: replies.flatMap((reply) => (Array.isArray(reply) ? reply : [])) };
    });
    const n = records.length;

    const { candidates, oversizedBlocks } = await timer.timeAsync("candidates", async () => {
      const b = bar("candidates");
      const pending = BLOCKING_RULES.map((_, rule) =>
        pool.run<RuleBlocks>({ kind: "block", rule, maxBlock }),
      );
      // MinHash on the threads after the rules; an embedding on this thread while the rules run.
      const neighbours = onThreads
        ? await minhashOnThreads(pool, n, Math.min(k, n - 1))
        : neighbourSearch(texts, { ...options, k, embedder });
      const blocks = await settleInOrder(pending, (done) => b.update(done, BLOCKING_RULES.length + 2));
      return assembleCandidates(n, blocks, neighbours, b);
    });

    const scored = await timer.timeAsync("score", () => scoreOnThreads(candidates, n, pool, bar("score")));
    await pool.close();

    // The repair step scores a few pairs the candidates lacked: their records are prepared here.
    const prepared = new Map<number, PreparedRecording>();
    const preparedAt = (i: number) => {
      const known = prepared.get(i);
      if (known) return known;
      const p = prepareRecording(records[i] as SoundRecording);
      prepared.set(i, p);
      return p;
    };
    const clustering = await timer.timeAsync("cluster", () =>
      clusterStage(n, scored, model, { ...options, cannotLinkBelow }, (a, b) =>
        pairProbability(model, preparedAt(a), preparedAt(b)),
      ),
    );
    return {
      srIds: records.map((r) => r.sr_id),
      candidates,
      scored,
      clustering,
      threshold: model.threshold,
      stageSeconds: timer.seconds,
      oversizedBlocks,
      embedder: embedderLabel(embedder, k, options),
    };
  } finally {
    await pool.close();
  }
}

/**
 * Scores every candidate pair in batches across the pool's threads, in the order of their first
 * record (pairsByRecord); the probabilities land in the set's order.
 */
async function scoreOnThreads(
  candidates: CandidateSet,
  records: number,
  pool: StagePool,
  bar: { update(done: number, total: number): void; stop(): void },
): Promise<ScoredPairs> {
  const out = unscoredPairs(candidates);
  const size = out.p.length;
  const order = pairsByRecord(out.a, records);
  const batches: Promise<void>[] = [];
  for (let start = 0; start < size; start += SCORE_BATCH) {
    const batch = order.subarray(start, Math.min(size, start + SCORE_BATCH));
    const task = {
      kind: "score" as const,
      a: batch.map((i) => out.a[i] as number),
      b: batch.map((i) => out.b[i] as number),
    };
    batches.push(
      pool.run<Float32Array>(task).then((p) => {
        for (let k = 0; k < p.length; k++) out.p[batch[k] as number] = p[k] as number;
      }),
    );
  }
  await settleInOrder(batches, (done, total) => bar.update(done, total));
  bar.stop();
  return out;
}

/**
 * MinHash's steps (minhash.ts) on the threads, over tables they share: the signatures by row range,
 * the buckets by band, every row's best partners by band range (one range per thread), merged here,
 * so the pairs are those of minhashNeighbours on one thread. Undefined when there is nothing to
 * search (k < 1).
 */
async function minhashOnThreads(
  pool: StagePool,
  n: number,
  k: number,
): Promise<(() => Uint32Array) | undefined> {
  if (k < 1) return undefined;
  const layout = minhashLayout();
  const tables = minhashTables(n, layout, true);
  const step = Math.ceil(n / (pool.size * RANGES_PER_THREAD));
  const ranges = Array.from({ length: Math.ceil(n / step) }, (_, i) => ({
    from: i * step,
    to: Math.min(n, (i + 1) * step),
  }));
  await Promise.all(ranges.map((r) => pool.run({ kind: "minhash-sign", tables, ...r })));
  await Promise.all(
    Array.from({ length: layout.bands }, (_, band) => pool.run({ kind: "minhash-band", tables, band })),
  );
  // One band range per thread: each range's lists take count × k numbers, so fewer ranges keep less.
  const bandStep = Math.ceil(layout.bands / pool.size);
  const lists = await Promise.all(
    Array.from({ length: Math.ceil(layout.bands / bandStep) }, (_, i) =>
      pool.run<Float64Array>({
        kind: "minhash-top",
        tables,
        k,
        fromBand: i * bandStep,
        toBand: Math.min(layout.bands, (i + 1) * bandStep),
      }),
    ),
  );
  const pairs = neighbourPairs(k, n, lists);
  return () => pairs;
}

/**
 * Reads the records, sending them to every thread `chunk` at a time; the records, once every
 * thread has prepared them all. Each thread answers with the number of records it holds, which
 * must be the number sent so far: a chunk lost or prepared twice fails the run here.
 */
async function sendRecords(
  source: Iterable<SoundRecording>,
  pool: StagePool,
  chunk: number,
  bar: { update(done: number, total: number): void },
): Promise<SoundRecording[]> {
  const records: SoundRecording[] = [];
  const sent: Promise<void>[] = [];
  const send = (from: number) => {
    const expected = records.length;
    sent.push(
      pool.addRecords(records.slice(from)).then((held) => {
        const wrong = held.find((count) => count !== expected);
        if (wrong !== undefined)
          throw new Error(`a stage thread holds ${wrong} records where ${expected} were sent`);
      }),
    );
  };
  for (const record of source) {
    records.push(record);
    if (records.length % chunk === 0) send(records.length - chunk);
  }
  if (records.length % chunk > 0) send(records.length - (records.length % chunk));
  await settleInOrder(sent, (done, total) => bar.update(done, total));
  return records;
}

/**
 * Awaits promises in order, reporting progress; their values in order. The first rejection, in
 * order, is thrown; a later promise that rejects while an earlier one is awaited is no unhandled
 * rejection (which would end the process before the caller's `finally` closes the threads).
 */
async function settleInOrder<T>(
  pending: readonly Promise<T>[],
  progress: (done: number, total: number) => void,
): Promise<T[]> {
  for (const p of pending) p.catch(() => undefined);
  const out: T[] = [];
  for (const p of pending) {
    out.push(await p);
    progress(out.length, pending.length);
  }
  return out;
}
