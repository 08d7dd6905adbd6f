import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ThreadPool } from "./thread-pool.ts";

const dir = mkdtempSync(join(tmpdir(), "thread-pool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ThreadPool", () => {
  it("refuses its tasks with the error of a thread that failed, instead of leaving them waiting", async () => {
    // Each thread parses the model as it starts: this one fails there, before any task.
    const pool = new ThreadPool(2, dir, "{}");
    try {
      const chunk = { file: join(dir, "chunk.jsonl"), records: [] };
      const writer = pool.snapshotWriter();
      await expect(writer.write(chunk)).rejects.toThrow(/not a sr-match-logistic-regression model/);
      await expect(writer.write(chunk)).rejects.toThrow(/not a sr-match-logistic-regression model/);
    } finally {
      await pool.close();
    }
  });
});
