/**
 * Where a model fails on MusicBrainz 20K (real songs; ../shared/datasets/musicbrainz-20k):
 *
 *   npx tsx training/benchmarks/musicbrainz-misses.ts [--model data/model.json] [--examples 20]
 *
 * Runs the dedupe candidates and scoring of `npm run bench:dedupe` (oursRow) on every record, then
 * counts the candidate pairs of one cluster scored invalid (missed) and of two clusters scored valid
 * (false), and for the missed ones which features pushed hardest against them: per feature, on how
 * many missed pairs it is among the three most negative contributions to the log-odds.
 */
import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import { extractFeatures, FEATURE_NAMES } from "../../lambda/features.ts";
import { contributions, parseModel } from "../../lambda/model.ts";
import type { PreparedRecording } from "../../lambda/recording.ts";
import { oursRow } from "./dedupe-musicbrainz.ts";
import { type MusicBrainzRecord, readMusicBrainz20k } from "./musicbrainz-20k.ts";

const opts = new Command("musicbrainz-misses")
  .option("--model <path>", "model file", "data/model.json")
  .option(
    "--examples <n>",
    "missed pairs to print",
    (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`not a count: ${v}`);
      return n;
    },
    20,
  )
  .parse()
  .opts<{ model: string; examples: number }>();

const model = parseModel(readFileSync(opts.model, "utf8"));
const records = readMusicBrainz20k();
const { result } = oursRow(opts.model, records, model);
const { a, b, p } = result.scored;
const blamed = new Map<string, number>();
const examples: string[] = [];
let found = 0;
let missed = 0;
let falseValid = 0;
const show = (r: MusicBrainzRecord) =>
  [r.title, r.artists, r.album, r.duration_ms, r.year].map((v) => v ?? "-").join(" / ");
for (let i = 0; i < a.length; i++) {
  const x = records[a[i] as number] as MusicBrainzRecord;
  const y = records[b[i] as number] as MusicBrainzRecord;
  const valid = (p[i] as number) >= model.threshold;
  if (x.cluster !== y.cluster) {
    if (valid) falseValid++;
    continue;
  }
  if (valid) {
    found++;
    continue;
  }
  missed++;
  const values = extractFeatures(
    result.prepared[a[i] as number] as PreparedRecording,
    result.prepared[b[i] as number] as PreparedRecording,
  );
  const worst = contributions(model, values)
    .map((c, f) => ({ c, name: FEATURE_NAMES[f] as string }))
    .sort((u, v) => u.c - v.c)
    .slice(0, 3);
  for (const { name } of worst) blamed.set(name, (blamed.get(name) ?? 0) + 1);
  if (examples.length < opts.examples)
    examples.push(
      `${(p[i] as number).toFixed(3)}  ${show(x)}  ||  ${show(y)}  ||  ${worst.map(({ c, name }) => `${name} ${c.toFixed(2)}`).join(", ")}`,
    );
}
console.log(
  `${opts.model} (threshold ${model.threshold.toFixed(4)}) on ${records.length} records, ${a.length} scored candidate pairs: ` +
    `${found} same-cluster pairs found, ${missed} missed, ${falseValid} false (two clusters scored valid)`,
);
console.log("Among the three most negative contributions of a missed pair:");
console.table([...blamed].sort((u, v) => v[1] - u[1]).map(([feature, pairs]) => ({ feature, pairs })));
if (examples.length > 0) console.log(`First ${examples.length} missed pairs:\n${examples.join("\n")}`);
