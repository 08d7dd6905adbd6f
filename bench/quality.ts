import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Catalog } from "../lambda/catalog.ts";
import { decideAll } from "../training/batch.ts";
import { readPairs } from "../training/csv.ts";
import { evaluate } from "../training/metrics.ts";
import { loadModelFile } from "../training/model-file.ts";
import { run } from "./run.ts";

/** The group-aware split files written by `training/train.ts --split-dir`. */
export interface SplitFiles {
  train: string;
  validation: string;
  test: string;
}

/**
 * Writes the group-aware train/validation/test split by running the training CLI into `dir` (its
 * model goes to `dir`, never over data/model.json).
 */
export async function writeSplit(db: string, groundtruth: string, dir: string): Promise<SplitFiles> {
  await run(process.execPath, [
    "--import",
    "tsx",
    "training/train.ts",
    "--db",
    db,
    "--groundtruth",
    groundtruth,
    "--out",
    join(dir, "retrained-model.json"),
    "--split-dir",
    dir,
  ]);
  return {
    train: join(dir, "train.csv"),
    validation: join(dir, "validation.csv"),
    test: join(dir, "test.csv"),
  };
}

/** Our shipped model's metrics on labelled pairs, scored with the serving code path. */
export async function evalOurs(db: string, modelPath: string, labelled: string) {
  const model = loadModelFile(modelPath);
  const catalog = await Catalog.open(readFileSync(db));
  const pairs = readPairs(labelled);
  const known = decideAll({ catalog, model }, pairs).filter((r) => r.probability !== undefined);
  catalog.close();
  const metrics = evaluate(
    known.map((r) => (r.pair.tag === "valid" ? 1 : 0)),
    known.map((r) => r.probability as number),
    model.threshold,
  );
  return { ...metrics, shippedTestF1: model.metrics.test.f1, shippedTestN: model.metrics.test.n };
}
