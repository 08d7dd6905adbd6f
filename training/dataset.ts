import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Catalog, type RecordingCatalog } from "../lambda/catalog.ts";
import { extractFeatures } from "../lambda/features.ts";
import { type Pair, readPairs } from "./csv.ts";

/** A labelled pair with its features in FEATURE_NAMES order; label 1 = valid. */
export interface Example {
  pair: Pair;
  features: number[];
  label: number;
}

/** A catalog file and its labelled pairs, ready for training. */
export interface Dataset {
  catalog: Catalog;
  examples: Example[];
  /** Pairs naming an id the catalog does not hold; reported, not trained on. */
  unknown: Pair[];
  /** sha256 over the catalog and groundtruth bytes, recorded in the model. */
  fingerprint: string;
}

/** Opens a catalog file and reads labelled pairs; `onProgress` is told how many pairs are done. */
export async function loadDataset(
  dbPath: string,
  groundtruthPath: string,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<Dataset> {
  const dbBytes = readFileSync(dbPath);
  const catalog = await Catalog.open(dbBytes);
  const pairs = readPairs(groundtruthPath);
  catalog.prepareAll();
  const fingerprint = createHash("sha256")
    .update(dbBytes)
    .update(readFileSync(groundtruthPath))
    .digest("hex");
  const { examples, unknown } = featurize(catalog, pairs, onProgress);
  return { catalog, examples, unknown, fingerprint };
}

/** Features of every pair whose two ids the catalog holds; the others are returned as unknown. */
export function featurize(
  catalog: Pick<RecordingCatalog, "get">,
  pairs: readonly Pair[],
  onProgress: (done: number, total: number) => void = () => {},
): { examples: Example[]; unknown: Pair[] } {
  const examples: Example[] = [];
  const unknown: Pair[] = [];
  pairs.forEach((pair, index) => {
    const q = catalog.get(pair.q);
    const m = catalog.get(pair.m);
    if (q && m) examples.push({ pair, features: extractFeatures(q, m), label: pair.tag === "valid" ? 1 : 0 });
    else unknown.push(pair);
    if (index % 1000 === 999 || index === pairs.length - 1) onProgress(index + 1, pairs.length);
  });
  return { examples, unknown };
}
