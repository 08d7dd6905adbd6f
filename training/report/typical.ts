import type { Catalog } from "../../lambda/catalog.ts";
import { FEATURE_NAMES } from "../../lambda/features.ts";
import { contributions, type LinearScorer } from "../../lambda/model.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import type { Example } from "../dataset.ts";

/** One explained decision: both records, the score and each feature's push on the log-odds. */
export interface TypicalDecision {
  name: string;
  q: SoundRecording;
  m: SoundRecording;
  label: number;
  probability: number;
  /** Feature name → weight × standardised value; positive pushes towards "valid". */
  contributions: Record<string, number>;
}

/**
 * Picks decisions that show how the model usually reasons: the median-scored true duplicate and true
 * non-duplicate, the closest calls on either side of the threshold, and the most confident mistakes.
 */
export function typicalDecisions(
  catalog: Catalog,
  scorer: LinearScorer,
  test: readonly Example[],
  scores: readonly number[],
  threshold: number,
): TypicalDecision[] {
  const indexed = test.map((example, i) => ({ example, score: scores[i] as number }));
  const byScore = (list: typeof indexed) => [...list].sort((x, y) => x.score - y.score);
  const tp = byScore(indexed.filter((x) => x.example.label === 1 && x.score >= threshold));
  const tn = byScore(indexed.filter((x) => x.example.label === 0 && x.score < threshold));
  const fp = byScore(indexed.filter((x) => x.example.label === 0 && x.score >= threshold));
  const fn = byScore(indexed.filter((x) => x.example.label === 1 && x.score < threshold));
  const picks: [string, (typeof indexed)[number] | undefined][] = [
    ["typical duplicate (median true positive)", tp[Math.floor(tp.length / 2)]],
    ["typical non-duplicate (median true negative)", tn[Math.floor(tn.length / 2)]],
    ["closest accepted duplicate", tp[0]],
    ["closest rejected non-duplicate", tn[tn.length - 1]],
    ["most confident false positive", fp[fp.length - 1]],
    ["most confident false negative", fn[0]],
  ];
  return picks.flatMap(([name, pick]) => {
    const a = pick && catalog.get(pick.example.pair.q);
    const b = pick && catalog.get(pick.example.pair.m);
    if (!pick || !a || !b) return [];
    const pushes = contributions(scorer, pick.example.features);
    return [
      {
        name,
        q: a.raw,
        m: b.raw,
        label: pick.example.label,
        probability: pick.score,
        contributions: Object.fromEntries(FEATURE_NAMES.map((f, i) => [f, pushes[i] as number])),
      },
    ];
  });
}
