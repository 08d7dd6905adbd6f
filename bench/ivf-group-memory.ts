/**
 * Does one IVF search invocation fit a 1,769 MB Lambda at 10^8 records? Builds the member objects of
 * one partition group shaped as at the target (10 partitions x 20,000 records x 2 probes = 400,000
 * members, from 2,000 record shards of 200 lines each) with random unit vectors, then runs the search
 * step on them in this process and prints its time and peak RSS.
 *
 *   /usr/bin/time -v taskset -c 0 node --max-old-space-size=1769 --import tsx bench/ivf-group-memory.ts \
 *     --dir /tmp/ivf-group [--members 400000] [--shards 2000] [--partitions 10] [--changed 400]
 *
 * With --changed N, a daily incremental run's search instead: run 2 rewrites N of the members (new
 * vectors, spread evenly) in one more object, and only those are searched for against the group.
 * --keep leaves the directory in place; a later --changed run on it reads the partition objects the
 * kept full search wrote, as an incremental run after a full one does, instead of the shards' objects.
 *
 * Random vectors: the index's memory does not depend on their content; its search time does, so the
 * time printed is not the real one.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { hashedNgramEmbedder } from "../training/dedupe/embed.ts";
import { compactedKey, membersPrefix, searchStep } from "../training/dedupe-batch/ivf-worker.ts";
import { directoryStore } from "../training/dedupe-batch/local-worker.ts";

const { values } = parseArgs({
  options: {
    dir: { type: "string" },
    members: { type: "string", default: "400000" },
    shards: { type: "string", default: "2000" },
    partitions: { type: "string", default: "10" },
    changed: { type: "string", default: "0" },
    keep: { type: "boolean", default: false },
  },
});
if (!values.dir) throw new TypeError("--dir DIR is required");
const dir = values.dir;
const members = Number(values.members);
const shards = Number(values.shards);
const partitions = Number(values.partitions);
const changed = Number(values.changed);
const run = 1;
const DIMENSIONS = hashedNgramEmbedder().dimensions;

const prefix = join(dir, membersPrefix(run, 0));
const afterFullSearch = changed > 0 && existsSync(join(dir, compactedKey(run, 0)));
if (!afterFullSearch) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
}
let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31 - 0.5;
};
const vector = new Float32Array(DIMENSIONS);
/** One member line with a fresh random unit vector. */
function memberLine(rid: number): string {
  let norm = 0;
  for (let d = 0; d < DIMENSIONS; d++) {
    vector[d] = random();
    norm += (vector[d] as number) ** 2;
  }
  for (let d = 0; d < DIMENSIONS; d++) vector[d] = (vector[d] as number) / Math.sqrt(norm);
  const v = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64");
  return `{"p":${rid % partitions},"rid":${rid},"v":"${v}"}\n`;
}
const perShard = Math.ceil(members / shards);
let rid = 0;
for (let s = 0; s < shards && rid < members && !afterFullSearch; s++) {
  const lines: string[] = [];
  for (let i = 0; i < perShard && rid < members; i++, rid++) lines.push(memberLine(rid));
  writeFileSync(join(prefix, `written=${run}-shard=${s}.json`), lines.join(""));
}
const searchRun = changed > 0 ? run + 1 : run;
if (changed > 0) {
  const step = Math.max(1, Math.floor(members / changed));
  const lines = Array.from({ length: Math.min(changed, members) }, (_, i) => memberLine(i * step));
  writeFileSync(join(prefix, `written=${searchRun}-shard=0.json`), lines.join(""));
}
const baseline = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
const found = await searchStep(directoryStore(dir), {
  mode: "search",
  run: searchRun,
  group: 0,
  partitions: Array.from({ length: partitions }, (_, p) => p),
  k: 10,
  exact: 0,
  membersRun: run,
});
console.log(
  `${changed > 0 ? `incremental run: ${changed} changed members searched for among ` : ""}${members} members in ${partitions} partitions from ${afterFullSearch ? "the full search's partition objects" : `${shards} objects`}: search ${((performance.now() - started) / 1000).toFixed(1)} s, ${found.rows} hits; RSS before the search ${baseline.toFixed(0)} MB, after ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (peak: /usr/bin/time -v)`,
);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
