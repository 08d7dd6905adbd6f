/**
 * The dedupe's score stage in the order it ships (pairs by their first record, pairsByRecord in
 * training/dedupe/score.ts) against the baseline of the candidate set's own order, taken in turn on
 * one catalog's candidates in one process, with the shipped model:
 *
 *   npx tsx bench/score-order.ts [--db data/db.db] [--model data/model.json] [--rounds 3]
 *
 * Stops with an error if the two orders give any pair another probability.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseModel } from "../lambda/model.ts";
import type { PreparedRecording } from "../lambda/recording.ts";
import { CatalogFile } from "../training/catalog-file.ts";
import { candidateStage } from "../training/dedupe/candidate-stage.ts";
import { hashedNgramEmbedder } from "../training/dedupe/embed.ts";
import { prepareStage, unscoredPairs } from "../training/dedupe/pipeline.ts";
import { pairProbability, pairsByRecord } from "../training/dedupe/score.ts";
import { fix, formatTable, int } from "./table.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/db.db" },
    model: { type: "string", default: "data/model.json" },
    rounds: { type: "string", default: "3" },
  },
});

const catalog = CatalogFile.open(values.db);
const records = [...catalog.records()];
catalog.close();
const model = parseModel(readFileSync(values.model, "utf8"));
const { prepared, keys } = prepareStage(records);
const { candidates } = candidateStage(keys, { k: 10, maxBlock: 50, embedder: hashedNgramEmbedder() });
const pairs = unscoredPairs(candidates);
const setOrder = Uint32Array.from(pairs.p.keys());
const byRecord = pairsByRecord(pairs.a, prepared.length);

/** Seconds to score every pair in `order`, each probability into its pair's place of `p`. */
function score(order: Uint32Array, p: Float32Array): number {
  const start = performance.now();
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    const a = prepared[pairs.a[i] as number] as PreparedRecording;
    const b = prepared[pairs.b[i] as number] as PreparedRecording;
    p[i] = pairProbability(model, a, b);
  }
  return (performance.now() - start) / 1000;
}

const n = setOrder.length;
const rows: string[][] = [
  ["round", "set order s (baseline)", "pairs/s", "by record s", "pairs/s", "speed-up"],
];
for (let round = 1; round <= Number(values.rounds); round++) {
  const expected = new Float32Array(n);
  const found = new Float32Array(n);
  const baseline = score(setOrder, expected);
  const shipped = score(byRecord, found);
  if (found.some((p, i) => p !== expected[i])) throw new Error("the two orders give different probabilities");
  rows.push([
    String(round),
    fix(baseline),
    int(n / baseline),
    fix(shipped),
    int(n / shipped),
    `${fix(baseline / shipped, 2)}×`,
  ]);
}
console.log(`${values.db}: ${int(records.length)} records, ${int(n)} candidate pairs`);
console.log(formatTable(rows));
