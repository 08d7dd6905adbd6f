import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSample, writeSample } from "./sample/index.ts";

/** Writes a small generated catalog (db.db + groundtruth.csv) to a fresh temp dir; for tests. */
export async function writeSmallSample(pairs = 3000, seed = 7): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "sr-match-sample-"));
  await writeSample(dir, generateSample({ pairs, seed }));
  return dir;
}
