/**
 * Where the in-memory engine's candidates stage spends its time on one catalog, step by step, in one
 * process (single-threaded except usearch's native threads):
 *
 *   npx tsx bench/candidate-stage.ts [--db data/db.db] [--expansions 64,128]
 *
 * Steps: each blocking rule (pairs, blocks over the limit), the union of the rules' pairs, the MinHash
 * neighbours (the shipped search) and their union with the rules', then the embedding and per HNSW
 * build expansion the neighbour search (build + search) and the union with its pairs: baselines
 * from the same run (`--search hnsw`; the first expansion is its default, CATALOG_BUILD_EXPANSION).
 * Peak RSS is the process's at the end of each step.
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
import { MINHASH_BANDS, MINHASH_ROWS, minhashNeighbours } from "../training/dedupe/minhash.ts";
import { prepareStage } from "../training/dedupe/pipeline.ts";
import { fix, formatTable, int } from "./table.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/db.db" },
    expansions: { type: "string", default: `${CATALOG_BUILD_EXPANSION},128` },
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
  step(`rule ${rule.name}`, found.pairs.length / 2, `${int(found.oversizedBlocks)} blocks over the limit`);
  return found;
});
const rulesOnly = new CandidateSet(records.length);
for (const found of blocks) rulesOnly.add(found.rule, found.pairs);
step("union of the rules", rulesOnly.size, `${fix(rulesOnly.size / records.length)} per record`);
const texts = keys.map((key) => key.embeddingText);
const minhash = minhashNeighbours(texts, k);
step(
  "MinHash neighbours (shipped)",
  minhash.length / 2,
  `k=${k}, ${MINHASH_BANDS} bands of ${MINHASH_ROWS}, one thread`,
);
const withMinhash = new CandidateSet(records.length);
for (const b of blocks) withMinhash.add(b.rule, b.pairs);
withMinhash.add(KNN_SOURCE, minhash);
step("union, rules + MinHash", withMinhash.size, `${fix(withMinhash.size / records.length)} per record`);
const embedder = hashedNgramEmbedder();
const vectors = embedder.embed(texts);
step("embed (baseline: HNSW)", "-", embedder.name);

for (const expansion of (values.expansions ?? "").split(",").map(Number)) {
  const pairs = knnPairs(vectors, k, embedder.dimensions, false, expansion);
  const baseline = expansion === CATALOG_BUILD_EXPANSION ? "baseline, --search hnsw" : "baseline";
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
