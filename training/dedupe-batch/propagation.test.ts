import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbStages } from "./duckdb-stages.ts";
import { COUNT_CHANGED, INIT_LABELS, PROPAGATE } from "./sql.ts";

/** A chain of 4,096 records in rid order, the worst case of plain min-label propagation (4,095 steps). */
const CHAIN = 4096;
/** Then the same chain with its rids shuffled, so labels meet from both ends and the middle. */
const SHUFFLED = CHAIN;
/** Components of random shape after them: each record links to a random earlier one of its component. */
const TREES = 200;
const TREE_SIZE = 50;
const FIRST_TREE = CHAIN + SHUFFLED;

/** The links, and each linked record's component (its smallest rid) as union-find gives it. */
function graph(): { links: [number, number][]; smallest: Map<number, number> } {
  const links: [number, number][] = [];
  for (let i = 0; i + 1 < CHAIN; i++) links.push([i + 1, i]);
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const shuffled = Array.from({ length: SHUFFLED }, (_, i) => CHAIN + i).sort(() => random() - 0.5);
  for (let i = 0; i + 1 < SHUFFLED; i++) links.push([shuffled[i] as number, shuffled[i + 1] as number]);
  for (let t = 0; t < TREES; t++) {
    // Shuffled rids, so a tree's smallest rid sits anywhere in it, not at its root.
    const rids = Array.from({ length: TREE_SIZE }, (_, i) => FIRST_TREE + t * TREE_SIZE + i).sort(
      () => random() - 0.5,
    );
    for (let i = 1; i < TREE_SIZE; i++)
      links.push([rids[i] as number, rids[Math.floor(random() * i)] as number]);
  }
  const smallest = new Map<number, number>();
  for (let rid = 0; rid < CHAIN; rid++) smallest.set(rid, 0);
  for (let rid = CHAIN; rid < FIRST_TREE; rid++) smallest.set(rid, CHAIN);
  for (let t = 0; t < TREES; t++)
    for (let i = 0; i < TREE_SIZE; i++)
      smallest.set(FIRST_TREE + t * TREE_SIZE + i, FIRST_TREE + t * TREE_SIZE);
  return { links, smallest };
}

describe("label propagation in SQL, as the Step Functions loop runs it", () => {
  const dir = mkdtempSync(join(tmpdir(), "propagation-"));
  const { links, smallest } = graph();
  let steps = 0;
  let labels = new Map<number, number>();
  beforeAll(async () => {
    const stages = await DuckDbStages.open(dir, { inMemory: true, threads: 2 });
    await stages.query(`INSERT INTO links VALUES ${links.map(([a, b]) => `(${a}, ${b}, 1)`).join(", ")}`);
    await stages.run(INIT_LABELS, { run: 1 });
    for (let changed = 1; changed > 0 && steps < CHAIN; steps++) {
      await stages.run(PROPAGATE, { run: 1, iter: steps, next: steps + 1 });
      const [row] = await stages.run(COUNT_CHANGED, { run: 1, iter: steps, next: steps + 1 });
      changed = Number(row?.changed);
    }
    const rows = await stages.query("SELECT rid, label FROM labels WHERE run = 1 AND iter = ?", [steps]);
    labels = new Map(rows.map((row) => [Number(row.rid), Number(row.label)]));
    stages.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("labels every linked record with its component's smallest rid", () => {
    expect(labels.size).toBe(smallest.size);
    for (const [rid, label] of smallest) expect(labels.get(rid), `rid ${rid}`).toBe(label);
  });

  it("takes a few times log2 of the longest chain in steps, not its length", () => {
    expect(steps).toBeLessThanOrEqual(2 * Math.log2(CHAIN));
  });
});
