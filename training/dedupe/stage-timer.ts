/** Seconds per stage of a dedupe run, in the order the stages ran (the summary's `stageSeconds`). */
export class StageTimer {
  readonly seconds: Record<string, number> = {};

  /** Runs a synchronous stage and records its wall time. */
  time<T>(name: string, work: () => T): T {
    const started = performance.now();
    const out = work();
    this.seconds[name] = (performance.now() - started) / 1000;
    return out;
  }

  /** Runs a stage that may return a promise and records its wall time until it settles. */
  async timeAsync<T>(name: string, work: () => T | Promise<T>): Promise<T> {
    const started = performance.now();
    const out = await work();
    this.seconds[name] = (performance.now() - started) / 1000;
    return out;
  }
}
