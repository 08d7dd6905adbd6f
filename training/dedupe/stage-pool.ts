import { totalmem } from "node:os";
import { getHeapStatistics, serialize } from "node:v8";
import { Worker } from "node:worker_threads";
import type { SoundRecording } from "../../lambda/recording.ts";
import type { RuleBlocks } from "./blocking.ts";
import type { MinhashTables } from "./minhash.ts";

/**
 * A task of a stage thread: records to prepare and keep (serialised into shared memory; every
 * thread gets every record, in catalog order); embedding texts of a slice; one blocking rule; a step
 * of MinHash into shared tables (signatures of a row range, one band's buckets, every row's best
 * partners in a range of bands); or a batch of pairs to score.
 */
export type StageTask =
  | { kind: "records"; serialised: Uint8Array }
  | { kind: "texts"; start: number; end: number }
  | { kind: "block"; rule: number; maxBlock: number }
  | { kind: "minhash-sign"; tables: MinhashTables; from: number; to: number }
  | { kind: "minhash-band"; tables: MinhashTables; band: number }
  | { kind: "minhash-top"; tables: MinhashTables; k: number; fromBand: number; toBand: number }
  | { kind: "score"; a: Uint32Array; b: Uint32Array };

/**
 * The answer to a task: the records a thread holds, nothing, texts, the rule's pairs, partner
 * lists, or one probability per pair.
 */
export type StageReply = RecordCount | null | string[] | RuleBlocks | Float64Array | Float32Array;

/** How many records a thread holds prepared, after a chunk. */
export interface RecordCount {
  records: number;
}

/**
 * The heap of each thread: an equal share of the machine's memory among the threads and this one,
 * never below V8's default. Each thread holds the whole catalog prepared; at a million records that
 * nears V8's default of about 4 GB, where the collector ran so often that scoring took 2.5 times as
 * long (docs/measurements.md, "The threads' heap").
 */
export function threadHeapMb(threads: number): number {
  const share = Math.floor(totalmem() / 2 ** 20 / (threads + 1));
  return Math.max(Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20), share);
}

/**
 * The young generation of each thread. Preparing keeps nearly every object it makes, and V8's
 * default young generation (about 48 MB) copies them through a scavenge every few milliseconds: at
 * a million records the collector took 40 % of preparing. 384 MB took the 1M run from 145.8 / 142.9 s
 * to 126.9 / 120.4 s (192 MB: 130.8 / 122.2 s) in runs taken in turn (docs/measurements.md, "The
 * threads' young generation").
 */
export const THREAD_YOUNG_GENERATION_MB = 384;

type Pending = { resolve(r: StageReply): void; reject(e: Error): void };

/**
 * Worker threads that each hold the whole catalog prepared (each prepares it itself: shipping
 * prepared records between threads costs half as much as preparing them). The records go to every
 * thread in chunks as the catalog is read (addRecords), each serialised once into shared memory, so
 * the threads prepare while this thread reads on. A task is posted at once to the thread with the
 * fewest outstanding, so the threads keep working while this thread is busy.
 */
export class StagePool {
  readonly #workers: Worker[];
  readonly #outstanding: number[];
  readonly #pending = new Map<number, Pending>();
  #next = 0;

  constructor(size: number, modelJson: string) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`threads must be a positive integer, not ${size}`);
    this.#outstanding = new Array(size).fill(0);
    this.#workers = Array.from({ length: size }, (_, w) => {
      const worker = new Worker(new URL("./stage-thread-boot.mjs", import.meta.url), {
        workerData: { modelJson },
        resourceLimits: {
          maxOldGenerationSizeMb: threadHeapMb(size),
          maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB,
        },
      });
      worker.on("message", ({ id, reply, error }: { id: number; reply?: StageReply; error?: string }) => {
        const pending = this.#pending.get(id);
        this.#pending.delete(id);
        if (error !== undefined) pending?.reject(new Error(error));
        else pending?.resolve(reply as StageReply);
        this.#outstanding[w] = (this.#outstanding[w] as number) - 1;
      });
      worker.on("error", (error) => {
        for (const pending of this.#pending.values()) pending.reject(error);
        this.#pending.clear();
      });
      return worker;
    });
  }

  get size(): number {
    return this.#workers.length;
  }

  /**
   * Sends the next records of the catalog to every thread, which prepares them after those sent
   * before; when every thread has, the number of records each holds. Not async: no frame of it
   * keeps the serialised chunk alive while the threads prepare.
   */
  addRecords(records: readonly SoundRecording[]): Promise<number[]> {
    const bytes = serialize(records);
    const serialised = new Uint8Array(new SharedArrayBuffer(bytes.length));
    serialised.set(bytes);
    return Promise.all(
      this.#workers.map((_, w) => this.#post<RecordCount>(w, { kind: "records", serialised })),
    ).then((counts) => counts.map((c) => c.records));
  }

  /** Posts one task to the thread with the fewest outstanding; its reply. */
  run<R extends StageReply>(task: StageTask): Promise<R> {
    return this.#post(this.#outstanding.indexOf(Math.min(...this.#outstanding)), task);
  }

  #post<R extends StageReply>(w: number, task: StageTask): Promise<R> {
    this.#outstanding[w] = (this.#outstanding[w] as number) + 1;
    const id = this.#next++;
    return new Promise<R>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (r: StageReply) => void, reject });
      (this.#workers[w] as Worker).postMessage({ id, task });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
