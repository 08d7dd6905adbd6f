/**
 * The blocking rules keyed on a title and every two words of a name (`title_artist`,
 * `title_contributor`), filed by their numeric blocks (word-pair-blocks.ts, as shipped) against the
 * baseline of their string keys numbered in a Map (the path of the other rules), taken in turn on one
 * catalog in one process:
 *
 *   npx tsx bench/blocking-rules.ts [--db data/db.db] [--rounds 3] [--max-block 50]
 *
 * Prints per rule and round both times, the keys filed and the pairs; stops with an error if the two
 * ways give different pairs, order or oversized blocks.
 */
import { isDeepStrictEqual, parseArgs } from "node:util";
import { CatalogFile } from "../training/catalog-file.ts";
import { applyRule, BLOCKING_RULES, type RuleBlocks } from "../training/dedupe/blocking.ts";
import { prepareStage } from "../training/dedupe/pipeline.ts";
import { fix, formatTable, int } from "./table.ts";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "data/db.db" },
    rounds: { type: "string", default: "3" },
    "max-block": { type: "string", default: "50" },
  },
});
const maxBlock = Number(values["max-block"]);

const catalog = CatalogFile.open(values.db);
const records = [...catalog.records()];
catalog.close();
const { keys } = prepareStage(records);

const timed = (run: () => RuleBlocks): [RuleBlocks, number] => {
  const start = performance.now();
  const found = run();
  return [found, (performance.now() - start) / 1000];
};

const rows: string[][] = [
  ["rule", "round", "keys", "pairs", "string keys s (baseline)", "numeric blocks s", "speed-up"],
];
for (const rule of BLOCKING_RULES.filter((r) => r.wordPairParts)) {
  const byStrings = { ...rule, wordPairParts: undefined };
  const keyCount = keys.reduce((sum, k) => sum + rule.keys(k).length, 0);
  for (let round = 1; round <= Number(values.rounds); round++) {
    const [expected, baseline] = timed(() => applyRule(byStrings, keys, maxBlock));
    const [found, seconds] = timed(() => applyRule(rule, keys, maxBlock));
    if (!isDeepStrictEqual(found, expected)) throw new Error(`${rule.name}: the two ways differ`);
    rows.push([
      rule.name,
      String(round),
      int(keyCount),
      int(found.pairs.length / 2),
      fix(baseline),
      fix(seconds),
      `${fix(baseline / seconds, 1)}×`,
    ]);
  }
}
console.log(`${values.db}: ${int(records.length)} records, block limit ${maxBlock}`);
console.log(formatTable(rows));
