/**
 * Merges generated samples into one catalog (training/sample/merge.ts), e.g. ten 10^6-record samples
 * of seeds 7-16 into the 10^7-record catalog of the scale runs:
 *
 *   npx tsx training/sample/merge-cli.ts --out DIR SAMPLE_DIR...
 */
import { Command } from "commander";
import { mergeSamples } from "./merge.ts";

const program = new Command()
  .name("sample:merge")
  .description("merge generated samples into one catalog (ids renumbered, sr_ids suffixed per sample)")
  .requiredOption("--out <dir>", "output directory")
  .argument("<samples...>", "sample directories, each with db.db, groundtruth.csv, sample-noise.csv")
  .parse();
const { out } = program.opts<{ out: string }>();
const started = performance.now();
let records: number;
try {
  records = mergeSamples(out, program.args);
} catch (error) {
  console.error(`sample:merge: ${(error as Error).message}`);
  process.exit(1);
}
console.log(
  `${records} records of ${program.args.length} samples -> ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
