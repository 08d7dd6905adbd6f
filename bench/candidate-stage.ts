/**
 * Where the in-memory engine's candidates stage spends its time on one catalog, step by step, in one
 * process (single-threaded except usearch's native threads):
 *
 *   npx tsx bench/candidate-stage.ts [--db data/db.db] [--expansions 128,64]
 *
 * Steps: each blocking rule (pairs, skipped blocks), the embedding, the union of the rules' pairs,
 * then per HNSW build expansion the neighbour search (build + search) and the union with its pairs.
 * The first expansion is the shipped one (CATALOG_BUILD_EXPANSION); the others are baselines from
 * the same run. Peak RSS is the process's at the end of each step.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { Catalog } from "../lambda/catalog.ts";
import { applyRule, BLOCKING_RULES, KNN_SOURCE } from "../training/dedupe/blocking.ts";
import { CandidateSet } from "../training/dedupe/candidate-set.ts";
import { knnPairs } from "../training/dedupe/candidate-stage.ts";
import { hashedNgramEmbedder } from "../training/dedupe/embed.ts";
import { CATALOG_BUILD_EXPANSION } from "../training/dedupe/knn.ts";
import { prepareStage } from "../training/dedupe/pipeline.ts";
import { fix, formatTable, int } from "./table.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/db.db" },
    expansions: { type: "string", default: `${CATALOG_BUILD_EXPANSION},64` },
    k: { type: "string", default: "10" },
    "max-block": { type: "string", default: "50" },
  },
});
const k = Number(values.k);
const rows: string[][] = [["step", "seconds", "pairs", "note", "RSS MB"]];
let last = performance.now();
const step = (name: string, pairs: number | string, note = "") => {
  const now = performance.now();
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  rows.push([
    name,
    fix((now - last) / 1000, 1),
    typeof pairs === "number" ? int(pairs) : pairs,
    note,
    int(rss),
  ]);
  last = now;
};

const catalog = await Catalog.open(readFileSync(values.db));
const records = [...catalog.all()];
catalog.close();
step("read catalog", "-", `${int(records.length)} records`);
const { keys } = prepareStage(records);
step("prepare + keys", "-");
const blocks = BLOCKING_RULES.map((rule) => {
  const found = applyRule(rule, keys, Number(values["max-block"]));
  step(`rule ${rule.name}`, found.pairs.length / 2, `${int(found.skippedBlocks)} blocks over the limit`);
  return found;
});
const embedder = hashedNgramEmbedder();
const vectors = embedder.embed(keys.map((key) => key.embeddingText));
step("embed", "-", embedder.name);
const rulesOnly = new CandidateSet(records.length);
for (const found of blocks) rulesOnly.add(found.rule, found.pairs);
step("union of the rules", rulesOnly.size, `${fix(rulesOnly.size / records.length)} per record`);

for (const expansion of (values.expansions ?? "").split(",").map(Number)) {
  const pairs = knnPairs(vectors, k, embedder.dimensions, false, expansion);
  const baseline = expansion === CATALOG_BUILD_EXPANSION ? "shipped" : "baseline";
  step(
    `HNSW build expansion ${expansion} (${baseline})`,
    pairs.length / 2,
    `k=${k}, ${availableParallelism()} threads`,
  );
  const all = new CandidateSet(records.length);
  for (const b of blocks) all.add(b.rule, b.pairs);
  all.add(KNN_SOURCE, pairs);
  step(
    `union, rules + kNN (expansion ${expansion})`,
    all.size,
    `${fix(all.size / records.length)} per record`,
  );
}
console.log(formatTable(rows));
