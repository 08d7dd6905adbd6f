/**
 * Where a model fails on MusicBrainz 20K (real songs; ../shared/datasets/musicbrainz-20k):
 *
 *   npx tsx training/benchmarks/musicbrainz-misses.ts [--model data/model.json] [--examples 20]
 *
 * Runs the dedupe candidates and scoring of `npm run bench:dedupe` (oursRow) on every record, then
 * counts the candidate pairs of one cluster scored invalid (missed) and of two clusters scored valid
 * (false). For each kind it tells which features pushed hardest towards the wrong answer (per
 * feature, on how many pairs it is among the three contributions to the log-odds most in that
 * direction) and how many of the pairs have 0, 1 or 2 records whose artists field is empty.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { extractFeatures, FEATURE_NAMES } from "../../lambda/features.ts";
import { contributions, parseModel } from "../../lambda/model.ts";
import type { PreparedRecording } from "../../lambda/recording.ts";
import { count } from "../cli-args.ts";
import { oursRow } from "./dedupe-musicbrainz.ts";
import { type MusicBrainzRecord, readMusicBrainz20k } from "./musicbrainz-20k.ts";

const opts = new Command("musicbrainz-misses")
  .option("--model <path>", "model file", "data/model.json")
  .option("--examples <n>", "pairs of each kind to print", count, 20)
  .parse()
  .opts<{ model: string; examples: number }>();

/** The wrong answers of one kind: the features blamed, the artists-field breakdown, examples. */
interface ErrorKind {
  count: number;
  blamed: Map<string, number>;
  /** Pairs by how many of their two records have an empty artists field (index 0, 1, 2). */
  withoutArtists: [number, number, number];
  examples: string[];
}

const model = parseModel(readFileSync(opts.model, "utf8"));
const records = readMusicBrainz20k();
const { result } = oursRow(opts.model, records, model);
const { a, b, p } = result.scored;
const newKind = (): ErrorKind => ({ count: 0, blamed: new Map(), withoutArtists: [0, 0, 0], examples: [] });
const missed = newKind();
const falseValid = newKind();
let found = 0;
const show = (r: MusicBrainzRecord) =>
  [r.title, r.artists, r.album, r.duration_ms, r.year].map((v) => v ?? "-").join(" / ");
for (let i = 0; i < a.length; i++) {
  const x = records[a[i] as number] as MusicBrainzRecord;
  const y = records[b[i] as number] as MusicBrainzRecord;
  const valid = (p[i] as number) >= model.threshold;
  const same = x.cluster === y.cluster;
  if (valid === same) {
    if (same) found++;
    continue;
  }
  const kind = same ? missed : falseValid;
  kind.count++;
  const empty = [x, y].filter((r) => (r.artists ?? "").trim() === "").length;
  kind.withoutArtists[empty as 0 | 1 | 2]++;
  const values = extractFeatures(
    result.prepared[a[i] as number] as PreparedRecording,
    result.prepared[b[i] as number] as PreparedRecording,
  );
  // A missed pair was pushed down (most negative first), a false one up (most positive first).
  const worst = contributions(model, values)
    .map((c, f) => ({ c, name: FEATURE_NAMES[f] as string }))
    .sort((u, v) => (same ? u.c - v.c : v.c - u.c))
    .slice(0, 3);
  for (const { name } of worst) kind.blamed.set(name, (kind.blamed.get(name) ?? 0) + 1);
  if (kind.examples.length < opts.examples)
    kind.examples.push(
      `${(p[i] as number).toFixed(3)}  ${show(x)}  ||  ${show(y)}  ||  ${worst.map(({ c, name }) => `${name} ${c.toFixed(2)}`).join(", ")}`,
    );
}
console.log(
  `${opts.model} (threshold ${model.threshold.toFixed(4)}) on ${records.length} records, ${a.length} scored candidate pairs: ` +
    `${found} same-cluster pairs found, ${missed.count} missed, ${falseValid.count} false (two clusters scored valid)`,
);
for (const [label, kind, direction] of [
  ["missed", missed, "negative"],
  ["false", falseValid, "positive"],
] as const) {
  const [none, one, both] = kind.withoutArtists;
  console.log(
    `\n${kind.count} ${label} pairs; records with an empty artists field: none ${none}, one ${one}, both ${both}`,
  );
  console.log(`Among the three most ${direction} contributions of a ${label} pair:`);
  console.table([...kind.blamed].sort((u, v) => v[1] - u[1]).map(([feature, pairs]) => ({ feature, pairs })));
  if (kind.examples.length > 0)
    console.log(`First ${kind.examples.length} ${label} pairs:\n${kind.examples.join("\n")}`);
}
