import { describe, expect, it } from "vitest";
import { annNeighbours, CATALOG_BUILD_EXPANSION, exactNeighbours } from "./knn.ts";

/** Unit vectors on a circle: each one's nearest neighbours are the ones beside it. */
function circle(n: number): Float32Array[] {
  return Array.from({ length: n }, (_, i) => {
    const angle = (2 * Math.PI * i) / n;
    return Float32Array.from([Math.cos(angle), Math.sin(angle), 0, 0]);
  });
}

describe("exactNeighbours", () => {
  it("finds each row's own neighbours past the first query batch (1,024 rows)", () => {
    const n = 2_500;
    const found = exactNeighbours(circle(n), 2, 4);
    for (const row of [0, 1_500, 2_499]) {
      const ids = [...found.ids.subarray(row * 2, row * 2 + 2)].sort((a, b) => a - b);
      expect(ids).toEqual([(row - 1 + n) % n, (row + 1) % n].sort((a, b) => a - b));
    }
  });

  it("searches for some rows only, each answer the one a search for every row gives it", () => {
    const vectors = circle(2_500);
    const all = exactNeighbours(vectors, 3, 4);
    const queries = [2_499, 0, 1_300];
    const some = exactNeighbours(vectors, 3, 4, 2, queries);
    expect(some.ids.length).toBe(queries.length * 3);
    queries.forEach((row, i) => {
      expect([...some.ids.subarray(i * 3, i * 3 + 3)]).toEqual([...all.ids.subarray(row * 3, row * 3 + 3)]);
      expect(some.ids.subarray(i * 3, i * 3 + 3)).not.toContain(row);
    });
  });
});

/** Seeded random vectors (a small LCG), so the layout is the same on every run. */
function randomVectors(n: number, dimensions: number): Float32Array[] {
  let state = 12345;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  return Array.from({ length: n }, () => Float32Array.from({ length: dimensions }, next));
}

describe("annNeighbours", () => {
  const n = 3_000;
  const k = 5;
  const vectors = randomVectors(n, 32);
  const exact = exactNeighbours(vectors, k, 32);
  /** Share of the exact neighbours the ANN finds. */
  const recall = (ann: ReturnType<typeof annNeighbours>) => {
    let found = 0;
    for (let row = 0; row < n; row++) {
      const approximate = new Set(ann.ids.subarray(row * k, (row + 1) * k));
      for (const id of exact.ids.subarray(row * k, (row + 1) * k)) if (approximate.has(id)) found++;
    }
    return found / (n * k);
  };

  it("finds most of the exact search's neighbours", () => {
    expect(recall(annNeighbours(vectors, k, 32))).toBeGreaterThan(0.9);
  });

  it("finds more of them with the catalog's build expansion than with a small one", () => {
    const small = recall(annNeighbours(vectors, k, 32, 1, 4));
    const catalog = recall(annNeighbours(vectors, k, 32, 1, CATALOG_BUILD_EXPANSION));
    expect(catalog).toBeGreaterThan(small);
    expect(catalog).toBeGreaterThan(0.9);
  });
});
