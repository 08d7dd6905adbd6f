/**
 * Whether the dedupe job's worker threads should hand prepared records to each other instead of
 * each preparing the whole catalog (training/dedupe/stage-thread.ts): per record, preparing it and
 * its blocking keys (the baseline, same run) against serialising and deserialising the result, as
 * a postMessage between threads would. With two threads each preparing half and receiving the other
 * half, a thread's share is half a prepare, half a serialise and half a deserialise.
 *
 *   npx tsx bench/prepare-vs-ship.ts [--db data/db.db] [--rounds 3]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { deserialize, serialize } from "node:v8";
import { Catalog } from "../lambda/catalog.ts";
import { prepareStage } from "../training/dedupe/pipeline.ts";

const { values } = parseArgs({
  options: { db: { type: "string", default: "data/db.db" }, rounds: { type: "string", default: "3" } },
});
const catalog = await Catalog.open(readFileSync(values.db));
const records = [...catalog.all()];
catalog.close();

const micros = (started: number) => ((performance.now() - started) * 1000) / records.length;
console.log(`${records.length.toLocaleString("en")} records of ${values.db}, µs per record:`);
for (let round = 1; round <= Number(values.rounds); round++) {
  let started = performance.now();
  const stage = prepareStage(records);
  const prepare = micros(started);
  started = performance.now();
  const bytes = serialize(stage);
  const ship = micros(started);
  started = performance.now();
  deserialize(bytes);
  const unship = micros(started);
  const half = (prepare + ship + unship) / 2;
  console.log(
    `  round ${round}: prepare + keys (baseline) ${prepare.toFixed(1)}, serialise ${ship.toFixed(1)}, ` +
      `deserialise ${unship.toFixed(1)} (${(bytes.length / records.length).toFixed(0)} bytes); ` +
      `a thread's share with halves exchanged ${half.toFixed(1)} (${((half / prepare) * 100).toFixed(0)} % of the baseline)`,
  );
}
