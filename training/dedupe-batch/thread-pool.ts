import { Worker } from "node:worker_threads";
import type { WorkerEvent, WorkerResult } from "./worker-handler.ts";

/** Runs worker events (shard batches, IVF steps) on worker threads, one batch per thread at a time: the local Distributed Map. */
export class ThreadPool {
  readonly #workers: Worker[];
  readonly #idle: Worker[];
  readonly #queue: (() => void)[] = [];
  readonly #pending = new Map<number, { resolve(r: WorkerResult): void; reject(e: Error): void }>();
  #next = 0;

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
      return worker;
    });
    this.#idle = [...this.#workers];
  }

  /** Runs one batch on the next idle thread. */
  async run(event: WorkerEvent): Promise<WorkerResult> {
    while (this.#idle.length === 0) await new Promise<void>((resolve) => this.#queue.push(resolve));
    const worker = this.#idle.pop() as Worker;
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, event });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
