import { serialize } from "node:v8";
import { Worker } from "node:worker_threads";
import type { SoundRecording } from "../../lambda/recording.ts";
import type { RuleBlocks } from "./blocking.ts";

/** A task of a stage thread: embedding texts of a slice, one blocking rule, or a batch of pairs to score. */
export type StageTask =
  | { kind: "texts"; start: number; end: number }
  | { kind: "block"; rule: number; maxBlock: number }
  | { kind: "score"; a: Uint32Array; b: Uint32Array };

/** The answer to a task: texts, the rule's pairs, or one probability per pair. */
export type StageReply = string[] | RuleBlocks | Float32Array;

type Pending = { resolve(r: StageReply): void; reject(e: Error): void };

/**
 * Worker threads that each hold the whole catalog prepared (each prepares it itself: shipping
 * prepared records between threads costs half as much as preparing them). The records go to every
 * thread once, serialised into shared memory. A task is posted at once to the thread with the
 * fewest outstanding, so the threads keep working while this thread is busy.
 */
export class StagePool {
  readonly #workers: Worker[];
  readonly #outstanding: number[];
  readonly #pending = new Map<number, Pending>();
  #next = 0;

  constructor(size: number, records: readonly SoundRecording[], modelJson: string) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`threads must be a positive integer, not ${size}`);
    const bytes = serialize(records);
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
    shared.set(bytes);
    this.#outstanding = new Array(size).fill(0);
    this.#workers = Array.from({ length: size }, (_, w) => {
      const worker = new Worker(new URL("./stage-thread-boot.mjs", import.meta.url), {
        workerData: { modelJson, records: shared },
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

  /** Posts one task to the thread with the fewest outstanding; its reply. */
  run<R extends StageReply>(task: StageTask): Promise<R> {
    const w = this.#outstanding.indexOf(Math.min(...this.#outstanding));
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
