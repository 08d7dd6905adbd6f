import type { AblationRow } from "../ablation.ts";
import { bootstrapF1, type Interval, isNoise } from "./bootstrap.ts";

/** One ablation row with its F1 and its F1 gap to the final set, each with a bootstrap 95 % interval. */
export interface AblationInterval {
  name: string;
  features: readonly string[];
  f1: Interval;
  /** F1 of this set minus F1 of the final set (negative = the dropped feature helps). */
  gap: Interval;
  /** True when the gap's interval contains 0. */
  noise: boolean;
}

/** Paired bootstrap over the test pairs for every row of an ablation (the `final` row is the reference). */
export function ablationIntervals(
  labels: readonly number[],
  rows: readonly AblationRow[],
): AblationInterval[] {
  const predictions: Record<string, number[]> = Object.fromEntries(
    rows.map((r) => [r.name, r.testScores.map((s) => (s >= r.threshold ? 1 : 0))]),
  );
  const { f1, gaps } = bootstrapF1<string>(labels, predictions, "final");
  return rows.map((r) => {
    const gap = gaps[r.name] as Interval;
    return { name: r.name, features: r.features, f1: f1[r.name] as Interval, gap, noise: isNoise(gap) };
  });
}
