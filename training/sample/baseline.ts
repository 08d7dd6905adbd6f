/**
 * Difficulty check: the public solutions' 4-feature model (fuzz.ratio on title, artists, contributors
 * + ISRC equality) as a depth-limited decision tree (ml-cart), on a random 67/33 split of a catalog.
 * `npx tsx training/sample/baseline.ts --dir data`. Prints accuracy, precision, recall and F1.
 */
import { Command } from "commander";
import * as fuzz from "fuzzball";
import { DecisionTreeClassifier } from "ml-cart";
import { evaluate } from "../metrics.ts";
import { readSample } from "./read.ts";
import { Rng } from "./rng.ts";

const opts = new Command()
  .requiredOption("--dir <dir>", "directory holding db.db and groundtruth.csv")
  .option("--processed", "lower-case and strip punctuation before fuzz.ratio (fuzzball's default)")
  .parse()
  .opts<{ dir: string; processed?: boolean }>();

const { records, pairs } = await readSample(opts.dir);
const byId = new Map(records.map((r) => [r.sr_id, r]));
const ratio = (a: string, b: string): number =>
  fuzz.ratio(a, b, { full_process: opts.processed === true }) / 100;
const X = pairs.map((p) => {
  const a = byId.get(p.q);
  const b = byId.get(p.m);
  if (!a || !b) throw new Error(`unknown id in ${p.q},${p.m}`);
  return [
    ratio(a.title, b.title),
    ratio(a.artists, b.artists),
    ratio(a.contributors, b.contributors),
    a.isrcs !== "" && a.isrcs !== "None" && a.isrcs === b.isrcs ? 1 : 0,
  ];
});
const y = pairs.map((p) => (p.tag === "valid" ? 1 : 0));
const order = new Rng(7).shuffle(pairs.map((_, i) => i));
const cut = Math.round(order.length * 0.67);
const [train, test] = [order.slice(0, cut), order.slice(cut)];
for (const depth of [2, 5]) {
  const tree = new DecisionTreeClassifier({ maxDepth: depth });
  tree.train(
    train.map((i) => X[i] ?? []),
    train.map((i) => y[i] ?? 0),
  );
  const predicted = tree.predict(test.map((i) => X[i] ?? []));
  const m = evaluate(
    test.map((i) => y[i] ?? 0),
    predicted,
    0.5,
  );
  const f = (x: number) => x.toFixed(3);
  console.log(
    `depth ${depth}: accuracy ${f(m.accuracy)} precision ${f(m.precision)} recall ${f(m.recall)} F1 ${f(m.f1)}`,
  );
}
