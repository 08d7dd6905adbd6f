/**
 * Does one child of the assign map fit a 1,769 MB Lambda? Runs the assign step on one batch of
 * record shards of a local batch run's work directory (its shards repeated when it has fewer than the
 * batch), writing nowhere, and prints its time, the member objects and bytes it would write, and RSS.
 * A child holds its batch's member lines until the batch is done, so its memory grows with the batch.
 * The run's centroids are replaced by `--centroids` random unit vectors (5,000 by default, the count
 * at 10^8), so the partition groups a batch reaches and the nearest-centroid work are those of the
 * target; the embedding's document frequencies stay the run's.
 *
 *   /usr/bin/time -v taskset -c 0 node --max-old-space-size=1769 --import tsx bench/ivf-assign-memory.ts \
 *     --work DIR/batch-work [--batch 4] [--centroids 5000]
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { hashedNgramEmbedder } from "../training/dedupe/embed.ts";
import { DEFAULT_LIMITS } from "../training/dedupe-batch/definition.ts";
import { assignStep, centroidsKey, type ObjectStore } from "../training/dedupe-batch/ivf-worker.ts";
import { directoryStore } from "../training/dedupe-batch/local-worker.ts";

const { values } = parseArgs({
  options: {
    work: { type: "string" },
    batch: { type: "string", default: String(DEFAULT_LIMITS.maxItemsPerBatch) },
    centroids: { type: "string", default: "5000" },
  },
});
if (!values.work) throw new TypeError("--work DIR (a local batch run's work directory) is required");
const work = values.work;
const batch = Number(values.batch);
const centroids = Number(values.centroids);
const DIMENSIONS = hashedNgramEmbedder().dimensions;

const local = directoryStore(work);
let bytes = 0;
const run = Number(readdirSync(join(work, "tables/record_shards"))[0]?.replace("run=", "") ?? 1);
/** The run's stored centroids with `centroids` random unit vectors instead of its own (seeded). */
async function targetCentroids(): Promise<string> {
  const stored = JSON.parse(await local.get(centroidsKey(run))) as { count: number; centroids: string };
  let seed = 11;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  const vectors = new Float32Array(centroids * DIMENSIONS).map(random);
  for (let c = 0; c < centroids; c++) {
    const row = vectors.subarray(c * DIMENSIONS, (c + 1) * DIMENSIONS);
    const norm = Math.hypot(...row);
    row.forEach((x, d) => {
      row[d] = x / norm;
    });
  }
  stored.count = centroids;
  stored.centroids = Buffer.from(vectors.buffer).toString("base64");
  return JSON.stringify(stored);
}
const replaced = await targetCentroids();
const discard: ObjectStore = {
  get: (key) => (key === centroidsKey(run) ? Promise.resolve(replaced) : local.get(key)),
  list: local.list,
  put: async (_key, body) => {
    bytes += body.length;
  },
};
const shards = await local.list(`tables/record_shards/run=${run}/`);
if (shards.length === 0) throw new Error(`no record shards under ${work}/tables/record_shards/run=${run}/`);
const keys = Array.from({ length: batch }, (_, i) => shards[i % shards.length] as string);
const baseline = process.memoryUsage().rss / 2 ** 20;
const started = performance.now();
const out = await assignStep(discard, keys, run, 2);
console.log(
  `assign batch of ${batch} record shards (${out.rows} records, ${shards.length} distinct shards, ${centroids} centroids): ${((performance.now() - started) / 1000).toFixed(1)} s, ${out.objects.length} member objects, ${(bytes / 2 ** 20).toFixed(0)} MB; RSS before ${baseline.toFixed(0)} MB, after ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (peak: /usr/bin/time -v)`,
);
