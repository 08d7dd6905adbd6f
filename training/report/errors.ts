import type { Catalog } from "../../lambda/catalog.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import type { Example } from "../dataset.ts";
import type { NoiseRow } from "../sample/noise-file.ts";
import { CAUSES, causesOf, NO_CAUSE } from "./causes.ts";

/** The row that holds the labels the generator flipped on purpose, apart from every cause. */
export const LABEL_NOISE = "label noise (flipped on purpose by the generator)";

/** A misclassified test pair with both records, its score and the causes it shows. */
export interface ErrorCase {
  kind: "false positive" | "false negative";
  q: SoundRecording;
  m: SoundRecording;
  probability: number;
  /** How far the score sits on the wrong side of the threshold, 0..1; larger = more confidently wrong. */
  distance: number;
  causes: string[];
}

/** Per cause: errors of each kind, and how many test pairs show the cause at all. */
export interface CauseRow {
  cause: string;
  falsePositives: number;
  falseNegatives: number;
  testPairs: number;
  /** Errors among test pairs with this cause, 0..1. */
  errorRate: number;
}

/** The error analysis of a test set: counts by cause and the worst cases of each kind. */
export interface ErrorAnalysis {
  byCause: CauseRow[];
  worstFalsePositives: ErrorCase[];
  worstFalseNegatives: ErrorCase[];
  /** Test pairs whose label is known to be flipped (from sample-noise.csv); 0 when there is no side file. */
  noisePairs: number;
  /** Whether a side file of flipped labels was read. */
  noiseKnown: boolean;
}

/**
 * Finds every test error at `threshold`, names its causes from the records, counts errors per cause
 * (a pair counts once under each cause it shows) and keeps the `worst` most confident errors of each kind.
 * Pairs listed in `noise` (labels flipped on purpose) count only in their own LABEL_NOISE row and are
 * left out of the causes and the worst cases, so the causes describe the model's own errors.
 */
export function analyseErrors(
  catalog: Catalog,
  test: readonly Example[],
  scores: readonly number[],
  threshold: number,
  worst = 10,
  noise?: ReadonlyMap<string, NoiseRow>,
): ErrorAnalysis {
  const rows = new Map<string, CauseRow>(
    [...CAUSES.map((c) => c.name), NO_CAUSE, LABEL_NOISE].map((cause) => [
      cause,
      { cause, falsePositives: 0, falseNegatives: 0, testPairs: 0, errorRate: 0 },
    ]),
  );
  const errors: ErrorCase[] = [];
  let noisePairs = 0;
  test.forEach((example, i) => {
    const a = catalog.get(example.pair.q);
    const b = catalog.get(example.pair.m);
    if (!a || !b) return;
    const probability = scores[i] as number;
    const flipped = noise?.has(`${example.pair.q}\t${example.pair.m}`) ?? false;
    if (flipped) noisePairs++;
    const causes = flipped ? [LABEL_NOISE] : causesOf(a, b, example.features, example.label);
    const predicted = probability >= threshold ? 1 : 0;
    const kind =
      predicted === example.label ? undefined : predicted === 1 ? "false positive" : "false negative";
    for (const cause of causes) {
      const row = rows.get(cause) as CauseRow;
      row.testPairs++;
      if (kind === "false positive") row.falsePositives++;
      if (kind === "false negative") row.falseNegatives++;
    }
    if (kind && !flipped) {
      const distance = Math.abs(probability - threshold);
      errors.push({ kind, q: a.raw, m: b.raw, probability, distance, causes });
    }
  });
  const byCause = [...rows.values()]
    .filter((row) => row.testPairs > 0)
    .map((row) => ({ ...row, errorRate: (row.falsePositives + row.falseNegatives) / row.testPairs }))
    .sort((x, y) => y.falsePositives + y.falseNegatives - (x.falsePositives + x.falseNegatives));
  const worstOf = (kind: ErrorCase["kind"]) =>
    errors
      .filter((e) => e.kind === kind)
      .sort((x, y) => y.distance - x.distance)
      .slice(0, worst);
  return {
    byCause,
    worstFalsePositives: worstOf("false positive"),
    worstFalseNegatives: worstOf("false negative"),
    noisePairs,
    noiseKnown: noise !== undefined,
  };
}
