import { Worker } from "node:worker_threads";
import type { ChunkWriter } from "./snapshot.ts";
import type { SnapshotChunk } from "./snapshot-chunk.ts";
import type { WorkerEvent, WorkerResult } from "./worker-handler.ts";

/** What a thread is asked to do: a worker event, or a chunk of the snapshot to prepare and write. */
export type ThreadTask = { event: WorkerEvent } | { chunk: SnapshotChunk };

/**
 * Runs worker events (shard batches, IVF steps) on worker threads, one batch per thread at a time: the
 * local Distributed Map. It also prepares the catalog snapshot's chunks ({@link snapshotWriter}).
 */
export class ThreadPool {
  readonly #workers: Worker[];
  readonly #idle: Worker[];
  readonly #queue: (() => void)[] = [];
  readonly #pending = new Map<number, { resolve(r: unknown): void; reject(e: Error): void }>();
  #next = 0;
  /** Why the pool cannot go on (a thread failed or stopped); every task after it is refused with it. */
  #failure: Error | undefined;
  #closing = false;

  constructor(size: number, dir: string, modelJson: string) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`threads must be a positive integer, not ${size}`);
    this.#workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL("./shard-thread-boot.mjs", import.meta.url), {
        workerData: { dir, modelJson },
      });
      worker.on("message", ({ id, result, error }: { id: number; result?: WorkerResult; error?: string }) => {
        const pending = this.#pending.get(id);
        this.#pending.delete(id);
        if (error !== undefined) pending?.reject(new Error(error));
        else pending?.resolve(result as WorkerResult);
        this.#idle.push(worker);
        this.#queue.shift()?.();
      });
      // A thread that throws outside a task (at boot: a model it cannot parse) or stops would leave its task waiting forever.
      worker.on("error", (error) => this.#fail(error));
      worker.on("exit", (code) => {
        if (!this.#closing) this.#fail(new Error(`a worker thread stopped (exit code ${code})`));
      });
      return worker;
    });
    this.#idle = [...this.#workers];
  }

  /** Runs one batch on the next idle thread. */
  async run(event: WorkerEvent): Promise<WorkerResult> {
    return (await this.#send({ event })) as WorkerResult;
  }

  /** Writes the snapshot's chunks on the threads, one a thread at a time. */
  snapshotWriter(): ChunkWriter {
    return {
      write: async (chunk) => {
        await this.#send({ chunk });
      },
      parallel: this.#workers.length,
    };
  }

  async #send(task: ThreadTask): Promise<unknown> {
    while (this.#idle.length === 0 && !this.#failure)
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    if (this.#failure) throw this.#failure;
    const worker = this.#idle.pop() as Worker;
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, task });
    });
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#pending.values()) pending.reject(this.#failure);
    this.#pending.clear();
    for (const wake of this.#queue.splice(0)) wake();
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
