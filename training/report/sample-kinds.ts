import type { Pair } from "../csv.ts";
import type { Example } from "../dataset.ts";
import { generateSample } from "../sample/index.ts";

/** Test pairs and errors of one generated pair kind (synthetic sample only). */
export interface KindRow {
  kind: string;
  testPairs: number;
  falsePositives: number;
  falseNegatives: number;
}

/**
 * The generator's pair kinds, by `q\tm`, when the labelled pairs are exactly those that
 * `generateSample({ pairs, seed })` makes; undefined for any other data (real data has no kinds).
 */
export function generatedKinds(pairs: readonly Pair[], seed: number): Map<string, string> | undefined {
  const sample = generateSample({ pairs: Math.max(pairs.length, 100), seed });
  const same =
    sample.pairs.length === pairs.length &&
    sample.pairs.every((p, i) => p.q === pairs[i]?.q && p.m === pairs[i]?.m && p.tag === pairs[i]?.tag);
  if (!same) return undefined;
  const kinds = new Map<string, string>();
  sample.pairs.forEach((p, i) => {
    const key = `${p.q}\t${p.m}`;
    if (!kinds.has(key)) kinds.set(key, sample.meta[i]?.kind ?? "unknown");
  });
  return kinds;
}

/** Counts test pairs and errors per generated kind at `threshold`, most errors first. */
export function errorsByKind(
  kinds: ReadonlyMap<string, string>,
  test: readonly Example[],
  scores: readonly number[],
  threshold: number,
): KindRow[] {
  const rows = new Map<string, KindRow>();
  test.forEach((example, i) => {
    const kind = kinds.get(`${example.pair.q}\t${example.pair.m}`) ?? "unknown";
    const row = rows.get(kind) ?? { kind, testPairs: 0, falsePositives: 0, falseNegatives: 0 };
    rows.set(kind, row);
    row.testPairs++;
    const predicted = (scores[i] as number) >= threshold ? 1 : 0;
    if (predicted === 1 && example.label === 0) row.falsePositives++;
    if (predicted === 0 && example.label === 1) row.falseNegatives++;
  });
  return [...rows.values()].sort(
    (x, y) =>
      y.falsePositives + y.falseNegatives - (x.falsePositives + x.falseNegatives) ||
      y.testPairs - x.testPairs,
  );
}
