/**
 * Difficulty check: the public solutions' 4-feature model (fuzz.ratio on title, artists, contributors
 * + ISRC equality) as a depth-limited decision tree, on a random 67/33 split of a catalog.
 * `npx tsx training/sample/baseline.ts --dir data`. Prints accuracy, precision, recall and F1.
 */
import { Command } from "commander";
import * as fuzz from "fuzzball";
import { readSample } from "./read.ts";
import { Rng } from "./rng.ts";
import { fitTree, predict } from "./tree.ts";

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
  const tree = fitTree(
    train.map((i) => X[i] ?? []),
    train.map((i) => y[i] ?? 0),
    depth,
  );
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let ok = 0;
  for (const i of test) {
    const p = predict(tree, X[i] ?? []);
    const t = y[i] ?? 0;
    if (p === t) ok++;
    if (p === 1 && t === 1) tp++;
    if (p === 1 && t === 0) fp++;
    if (p === 0 && t === 1) fn++;
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  const f1 = (2 * precision * recall) / (precision + recall);
  const f = (x: number) => x.toFixed(3);
  console.log(
    `depth ${depth}: accuracy ${f(ok / test.length)} precision ${f(precision)} recall ${f(recall)} F1 ${f(f1)}`,
  );
}
