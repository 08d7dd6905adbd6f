import { existsSync, readFileSync, statSync } from "node:fs";
import { MODEL_NAME } from "../lambda/model.ts";
import type { Pair } from "./csv.ts";
import type { Example } from "./dataset.ts";
import { prepareOutput } from "./output-file.ts";
import { pairKey } from "./review/review-store.ts";

// What `npm run train` checks before and after reading its labels, so that it never overwrites what
// is not its model, never ships a model fitted on too little, and says what its labels contradict.

/**
 * Throws before any work when --out or --split-dir would overwrite an input, a directory or a file,
 * or when --out holds a file that is not a model (the champion must be a model; one of an older
 * feature version is replaced).
 */
export function checkTrainOutputs(options: {
  out: string;
  db: string;
  groundtruth: string;
  reviews?: string;
  splitDir?: string;
}): void {
  prepareOutput("--out", options.out, [options.db, options.groundtruth, options.reviews]);
  if (existsSync(options.out) && !isModelFile(options.out))
    throw new Error(
      `--out ${options.out} holds something other than a model; move it or choose another --out`,
    );
  if (options.splitDir && existsSync(options.splitDir) && !statSync(options.splitDir).isDirectory())
    throw new Error(`--split-dir ${options.splitDir} is a file; give a directory`);
}

/** Whether a file is a model of this service, of any feature version: a JSON object named as ours. */
function isModelFile(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { name?: unknown } | null)?.name === MODEL_NAME;
  } catch {
    return false;
  }
}

/**
 * What a split lacks to fit (both labels in train), choose a threshold (both in validation) and
 * test (any pair); empty when nothing.
 */
export function missingParts(parts: {
  train: readonly Example[];
  validation: readonly Example[];
  test: readonly Example[];
}): string[] {
  const lacks = (name: string, examples: readonly Example[]) => {
    const valid = examples.filter((e) => e.label === 1).length;
    if (examples.length === 0) return [`no ${name} pairs`];
    if (name !== "test" && (valid === 0 || valid === examples.length))
      return [`${name} pairs all ${valid === 0 ? "invalid" : "valid"}`];
    return [];
  };
  return [
    ...lacks("train", parts.train),
    ...lacks("validation", parts.validation),
    ...lacks("test", parts.test),
  ];
}

/** What a groundtruth's labels say of themselves: pairs labelled both ways, and pairs of one id. */
export function labelDoubts(pairs: readonly Pair[]): string[] {
  const tags = new Map<string, Set<string | undefined>>();
  for (const { q, m, tag } of pairs) {
    const key = pairKey(q, m);
    tags.set(key, (tags.get(key) ?? new Set()).add(tag));
  }
  const both = [...tags.values()].filter((set) => set.size > 1).length;
  const self = pairs.filter((p) => p.q === p.m).length;
  return [
    ...(both > 0 ? [`${both} pairs are labelled both valid and invalid`] : []),
    ...(self > 0 ? [`${self} pairs name one id twice`] : []),
  ];
}
