/**
 * MinHash's ranking step (each row's k best partners among the rows it meets in any band), as
 * shipped (minhash.ts: bucket by bucket, two band ranges merged, as two threads run it) against the
 * baseline of the row-by-row walk it replaced (each row reading its buckets' members in every band),
 * taken in turn on one catalog's texts in one process, over the same tables:
 *
 *   npx tsx bench/minhash-ranking.ts [--db data/db.db] [--rounds 3] [--k 10]
 *
 * Also prints the shipped signature and bucket steps' times. Stops with an error if the two ways
 * give different pairs or order.
 */
import { isDeepStrictEqual, parseArgs } from "node:util";
import { CatalogFile } from "../training/catalog-file.ts";
import {
  bandNeighbours,
  equalBytes,
  fillBand,
  type MinhashTables,
  minhashLayout,
  minhashTables,
  neighbourPairs,
  signRows,
} from "../training/dedupe/minhash.ts";
import { prepareStage } from "../training/dedupe/pipeline.ts";
import { fix, formatTable, int } from "./table.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/db.db" },
    rounds: { type: "string", default: "3" },
    k: { type: "string", default: "10" },
  },
});
const k = Number(values.k);

const catalog = CatalogFile.open(values.db);
const records = [...catalog.records()];
catalog.close();
const texts = prepareStage(records).keys.map((key) => key.embeddingText);
const n = texts.length;

const seconds = (run: () => void) => {
  const start = performance.now();
  run();
  return (performance.now() - start) / 1000;
};
const layout = minhashLayout();
const tables = minhashTables(n, layout, false);
const signing = seconds(() => signRows(texts, tables, 0, n));
const bucketing = seconds(() => {
  for (let band = 0; band < layout.bands; band++) fillBand(tables, band);
});
const byRow = rowBuckets(tables);

const rows: string[][] = [["round", "pairs", "row by row s (baseline)", "bucket by bucket s", "speed-up"]];
for (let round = 1; round <= Number(values.rounds); round++) {
  let expected: Uint32Array = new Uint32Array();
  let found: Uint32Array = new Uint32Array();
  const baseline = seconds(() => {
    expected = rankRowByRow(tables, byRow, k);
  });
  const shipped = seconds(() => {
    const half = layout.bands / 2;
    found = neighbourPairs(k, n, [
      bandNeighbours(k, tables, 0, half),
      bandNeighbours(k, tables, half, layout.bands),
    ]);
  });
  if (!isDeepStrictEqual(found, expected)) throw new Error("the two rankings differ");
  rows.push([
    String(round),
    int(found.length / 2),
    fix(baseline),
    fix(shipped),
    `${fix(baseline / shipped, 1)}×`,
  ]);
}
console.log(
  `${values.db}: ${int(n)} records, k ${k}; signatures ${fix(signing)} s, buckets of ${layout.bands} bands ${fix(bucketing)} s`,
);
console.log(formatTable(rows));

/** Each row's bucket per band as [start, end) positions in that band's order (end = start: none). */
function rowBuckets(t: MinhashTables): { start: Uint32Array[]; end: Uint32Array[] } {
  const start = t.order.map(() => new Uint32Array(t.count));
  const end = t.order.map(() => new Uint32Array(t.count));
  t.order.forEach((order, band) => {
    const bucketEnd = t.bucketEnd[band] as Uint32Array;
    for (let at = 0; at < (t.filled[band] as number); ) {
      const stop = bucketEnd[at] as number;
      for (let x = at; x < stop; x++) {
        (start[band] as Uint32Array)[order[x] as number] = at;
        (end[band] as Uint32Array)[order[x] as number] = stop;
      }
      at = stop;
    }
  });
  return { start, end };
}

/** The ranking as it was until session 71: row by row, every bucket member read where it lies. */
function rankRowByRow(t: MinhashTables, byRow: { start: Uint32Array[]; end: Uint32Array[] }, k: number) {
  const words = t.layout.width / 4;
  const ranks = new Uint32Array(t.lowBytes.buffer, t.lowBytes.byteOffset, t.count * words);
  const seen = new Int32Array(t.count).fill(-1);
  const best = new Float64Array(k);
  const out = new Uint32Array(t.count * k * 2);
  let m = 0;
  for (let i = 0; i < t.count; i++) {
    best.fill(0);
    for (let band = 0; band < t.order.length; band++) {
      const order = t.order[band] as Uint32Array;
      const stop = (byRow.end[band] as Uint32Array)[i] as number;
      for (let a = (byRow.start[band] as Uint32Array)[i] as number; a < stop; a++) {
        const j = order[a] as number;
        if (j === i || seen[j] === i) continue;
        seen[j] = i;
        const value = equalBytes(ranks, i, j, words) * 2 ** 32 + (0xffffffff - j);
        if (value <= (best[k - 1] as number)) continue;
        let q = k - 1;
        for (; q > 0 && (best[q - 1] as number) < value; q--) best[q] = best[q - 1] as number;
        best[q] = value;
      }
    }
    for (let q = 0; q < k && (best[q] as number) > 0; q++) {
      out[m++] = i;
      out[m++] = 0xffffffff - ((best[q] as number) % 2 ** 32);
    }
  }
  return out.subarray(0, m);
}
