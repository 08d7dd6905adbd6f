import { readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSmallSample } from "../sample-fixture.ts";
import { runLabel, scaleRun, scaleTableRow } from "./dedupe-scale.ts";

// The speed table's runner: `npm run dedupe` in a fresh process, as bench:dedupe runs it per size.
let dir: string;

beforeAll(async () => {
  dir = await writeSmallSample(300, 3);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("scaleRun", () => {
  it("runs the blocking rules alone with k = 0, fewer candidates than with neighbours, and labels the row", async () => {
    const db = join(dir, "db.db");
    const rules = await scaleRun(dir, db, 0, 0);
    const knn = await scaleRun(dir, db, 0);
    expect(rules.k).toBe(0);
    expect(knn.k).toBe(10);
    expect(rules.records).toBe(knn.records);
    expect(rules.candidates).toBeLessThan(knn.candidates);
    expect(rules.pairsCompleteness?.labels).toBeLessThanOrEqual(knn.pairsCompleteness?.labels as number);
    expect(rules.clusterF1?.labels).toBeGreaterThan(0);
    expect(runLabel(rules)).toBe("0 (baseline), blocking rules only (k = 0)");
    expect(scaleTableRow(knn).threads).toBe("0 (baseline)");
    expect(knn.cpuSeconds).toBeGreaterThan(0);
    expect(scaleTableRow(knn)["CPU s"]).toBe((knn.cpuSeconds as number).toFixed(1));
    expect(scaleTableRow({ ...knn, cpuSeconds: undefined })["CPU s"]).toBe("-");
    expect(runLabel({ ...knn, threads: 2, k: undefined })).toBe("2");
    expect(runLabel({ ...knn, threads: 2, k: 5 })).toBe("2, k = 5");
  }, 180_000);

  it("searches the neighbours with HNSW when asked, into its own folder, and says so in the label", async () => {
    const db = join(dir, "db.db");
    const hnsw = await scaleRun(dir, db, 0, 10, "hnsw");
    expect(hnsw.search).toBe("hnsw");
    expect(runLabel(hnsw)).toBe("0 (baseline), hnsw neighbours");
    const summary = JSON.parse(
      readFileSync(join(dir, `dedupe-${basename(dir)}-t0-hnsw`, "summary.json"), "utf8"),
    );
    expect(summary.embedder).toMatch(/usearch HNSW/);
    expect(runLabel({ ...hnsw, search: undefined })).toBe("0 (baseline), hnsw neighbours");
  }, 180_000);
});
