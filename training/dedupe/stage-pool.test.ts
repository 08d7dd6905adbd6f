import { totalmem } from "node:os";
import { getHeapStatistics } from "node:v8";
import { describe, expect, it } from "vitest";
import { threadHeapMb } from "./stage-pool.ts";

describe("threadHeapMb", () => {
  const defaultMb = Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
  const memoryMb = totalmem() / 2 ** 20;

  it("gives each thread an equal share of the machine's memory with this thread, never below V8's default", () => {
    for (const threads of [1, 2, 8]) {
      const heap = threadHeapMb(threads);
      expect(heap).toBeGreaterThanOrEqual(defaultMb);
      expect(heap).toBeGreaterThanOrEqual(Math.floor(memoryMb / (threads + 1)));
      if (heap > defaultMb) expect(heap * (threads + 1)).toBeLessThanOrEqual(memoryMb);
    }
  });

  it("shrinks the share as threads are added", () => {
    expect(threadHeapMb(1)).toBeGreaterThanOrEqual(threadHeapMb(2));
    expect(threadHeapMb(2)).toBeGreaterThanOrEqual(threadHeapMb(64));
  });
});
