/**
 * Two runs of `npm run bench:itunes-cv -- --json F` compared pair by pair: for each row both runs
 * hold, the out-of-fold log-loss of each and the mean gap (after − before) with a 95 % interval from
 * a bootstrap over groups of pairs sharing a record. The judge of a feature change, e.g. one run on
 * the code before it and one after:
 *
 *   npm run bench:itunes-cv-compare -- before.json after.json
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { compareRuns, parseCvRun } from "./compare-cv.ts";

const program = new Command("bench:itunes-cv-compare")
  .description("Out-of-fold log-loss gaps between two bench:itunes-cv JSON files, with intervals")
  .argument("<before>", "bench:itunes-cv --json file of the code before")
  .argument("<after>", "bench:itunes-cv --json file of the code after")
  .parse();
const [beforeFile, afterFile] = program.args as [string, string];

/** The file's run, or an Error naming the file. */
function readRun(file: string) {
  try {
    return parseCvRun(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

try {
  const lines = compareRuns(readRun(beforeFile), readRun(afterFile));
  console.log(`before: ${beforeFile}\nafter:  ${afterFile}\n${lines.join("\n")}`);
} catch (error) {
  program.error(`error: ${(error as Error).message}`);
}
