import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Catalog, type RecordingCatalog } from "../lambda/catalog.ts";
import { extractFeatures } from "../lambda/features.ts";
import { type PreparedRecording, prepareRecording } from "../lambda/recording.ts";
import { type Pair, readPairs } from "./csv.ts";

/** A labelled pair with its features in FEATURE_NAMES order; label 1 = valid. */
export interface Example {
  pair: Pair;
  features: number[];
  label: number;
  /**
   * Features of the same pair with one record's artists field emptied (see artistsDroppedVariant),
   * with the same label; fitting adds them to the training rows, scoring never sees them.
   */
  variants?: number[][];
}

/** An example as the split reads it: its two ids and its label as a tag (see groupSplit). */
export function splitKey(example: Example): Example & Pair {
  const { q, m } = example.pair;
  return { ...example, q, m, tag: example.label === 1 ? "valid" : "invalid" };
}

/** One labelled pair in this many gets a variant with one side's artists field emptied. */
const ARTISTS_DROPPED_EVERY = 10;

/**
 * The features of a pair with one record's artists field emptied, for one pair in
 * ARTISTS_DROPPED_EVERY (chosen by a hash of the two ids, so the same pairs on every run); undefined
 * for the others or when that side has no artists. A catalog that leaves the field empty has the
 * same recordings, so the label stands. Without such variants the model would learn from our
 * sample, whose records lack artists only when their title names them ("Artist - Title"), nothing
 * about a record that names no artist anywhere.
 */
export function artistsDroppedVariant(q: PreparedRecording, m: PreparedRecording): number[] | undefined {
  const hash = fnv1a(`${q.raw.sr_id}\u0000${m.raw.sr_id}`);
  if (hash % ARTISTS_DROPPED_EVERY !== 0) return undefined;
  const [kept, emptied] = (hash >>> 16) % 2 === 0 ? [q, m] : [m, q];
  if (emptied.artistless) return undefined;
  return extractFeatures(kept, prepareRecording({ ...emptied.raw, artists: null }));
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** A catalog file and its labelled pairs, ready for training. */
export interface Dataset {
  catalog: Catalog;
  examples: Example[];
  /** Pairs naming an id the catalog does not hold; reported, not trained on. */
  unknown: Pair[];
  /** {@link dataFingerprint} of the catalog and groundtruth, recorded in the model. */
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
  const fingerprint = dataFingerprint(catalog, readFileSync(groundtruthPath));
  const { examples, unknown } = featurize(catalog, pairs, onProgress);
  return { catalog, examples, unknown, fingerprint };
}

/**
 * sha256 over the catalog's records, in row order, and the groundtruth's bytes: what a model was
 * trained on. The records and not the file's bytes, so that writing the /matches index into the
 * catalog (`npm run dedupe -- --index-into`) leaves a model trained on it "the same data" (the
 * report compares only then).
 */
export function dataFingerprint(catalog: Catalog, groundtruth: Uint8Array): string {
  const hash = createHash("sha256");
  for (const record of catalog.all()) hash.update(JSON.stringify(record)).update("\n");
  return hash.update(groundtruth).digest("hex");
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
    if (q && m) {
      const variant = artistsDroppedVariant(q, m);
      examples.push({
        pair,
        features: extractFeatures(q, m),
        label: pair.tag === "valid" ? 1 : 0,
        ...(variant ? { variants: [variant] } : {}),
      });
    } else unknown.push(pair);
    if (index % 1000 === 999 || index === pairs.length - 1) onProgress(index + 1, pairs.length);
  });
  return { examples, unknown };
}
