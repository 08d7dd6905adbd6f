import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { Command } from "commander";
import { Catalog } from "../lambda/catalog.ts";
import { extractFeatures } from "../lambda/features.ts";
import { readPairs } from "../training/csv.ts";

/**
 * Guards performance work: writes the feature vectors of every groundtruth pair (exact doubles) and
 * their sha256, or compares them with an earlier dump. Run before and after any change to lambda/.
 */
const options = new Command("features-dump")
  .option("--db <path>", "catalog", "data/db.db")
  .option("--pairs <path>", "pairs CSV", "data/groundtruth.csv")
  .option("--out <path>", "write the vectors here")
  .option("--compare <path>", "compare with an earlier dump; exit 1 on any difference")
  .option(
    "--every <n>",
    "only every n-th pair (the test fixture lambda/features-fixture.csv.gz uses 14)",
    "1",
  )
  .parse()
  .opts<{ db: string; pairs: string; out?: string; compare?: string; every: string }>();
/** A path ending in .gz is read and written gzip-compressed. */
const read = (path: string) =>
  path.endsWith(".gz") ? gunzipSync(readFileSync(path)).toString("utf8") : readFileSync(path, "utf8");

const catalog = await Catalog.open(readFileSync(options.db));
const lines: string[] = [];
const every = Number(options.every);
for (const pair of readPairs(options.pairs).filter((_pair, i) => i % every === 0)) {
  const q = catalog.get(pair.q);
  const m = catalog.get(pair.m);
  lines.push(
    q && m ? `${pair.q},${pair.m},${extractFeatures(q, m).join(",")}` : `${pair.q},${pair.m},unknown`,
  );
}
const text = `${lines.join("\n")}\n`;
console.log(`${lines.length} pairs, sha256 ${createHash("sha256").update(text).digest("hex")}`);
if (options.out)
  writeFileSync(options.out, options.out.endsWith(".gz") ? gzipSync(text, { level: 9 }) : text);
if (options.compare) {
  const before = read(options.compare).split("\n");
  const diffs = lines.filter((line, i) => line !== before[i]);
  console.log(diffs.length === 0 ? "identical" : `${diffs.length} pairs differ, e.g. ${diffs[0]}`);
  if (diffs.length > 0 || before.length !== lines.length + 1) process.exit(1);
}
