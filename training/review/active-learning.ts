import { probability } from "../../lambda/model.ts";
import { seededRandom } from "../benchmarks/quality/bootstrap.ts";
import { fitLogistic } from "../fit.ts";
import { bestThreshold, evaluate } from "../metrics.ts";

/** How labels are chosen each round. */
export type Strategy = "uncertainty" | "random";

/** The unlabelled pool: features are known, a label only once `reveal` is called ("reviewed"). */
export interface Pool {
  features: readonly (readonly number[])[];
  reveal: (index: number) => number;
}

/** Labelled pairs the learner is scored on (the frozen test part). */
export interface TestSet {
  features: readonly (readonly number[])[];
  labels: readonly number[];
}

export interface SimulationOptions {
  /** Labels to start from, drawn at random (the same draw for both strategies of a seed). */
  start: number;
  /** Labels added per round. */
  step: number;
  /** Labels at which the run stops. */
  end: number;
  seed: number;
  /** Uncertainty keeps this many times `step` of the most uncertain pairs, then picks a diverse `step`. */
  shortlist: number;
  /** Probability threshold for F1 when no validation set is given. */
  threshold: number;
}

export const DEFAULT_SIMULATION: SimulationOptions = {
  start: 200,
  step: 100,
  end: 3000,
  seed: 1,
  shortlist: 10,
  threshold: 0.5,
};

/** One point of a learning curve: a model fitted on `labels` labelled pairs, scored on the test set. */
export interface CurvePoint {
  strategy: Strategy;
  seed: number;
  labels: number;
  f1: number;
  rocAuc: number;
  /** Share of valid pairs among the labels chosen so far. */
  validShare: number;
}

export { seededRandom } from "../benchmarks/quality/bootstrap.ts";

function sample(indices: number[], count: number, next: () => number): number[] {
  const copy = [...indices];
  for (let i = 0; i < Math.min(count, copy.length); i++) {
    const j = i + Math.floor(next() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as number, copy[i] as number];
  }
  return copy.slice(0, count);
}

/**
 * Uncertainty with diversity: of the unlabelled pairs closest to p = 0.5 keep `shortlist × step`,
 * then pick `step` of them by greedy k-centre in standardised feature space (start from the most
 * uncertain, add the one farthest from those already picked), so a batch does not spend 100 labels
 * on 100 near-copies of one hard case.
 */
export function pickUncertain(
  rows: readonly (readonly number[])[],
  scores: readonly number[],
  unlabelled: readonly number[],
  step: number,
  shortlist: number,
  scaling: { mean: number[]; std: number[] },
): number[] {
  const ranked = [...unlabelled]
    .sort((a, b) => Math.abs((scores[a] as number) - 0.5) - Math.abs((scores[b] as number) - 0.5))
    .slice(0, shortlist * step);
  const point = (i: number) =>
    (rows[i] as number[]).map((v, j) => (v - (scaling.mean[j] ?? 0)) / (scaling.std[j] ?? 1));
  const points = ranked.map(point);
  const nearest = points.map(() => Number.POSITIVE_INFINITY);
  const picked: number[] = [];
  let current = 0;
  while (picked.length < Math.min(step, ranked.length)) {
    picked.push(current);
    const chosen = points[current] as number[];
    let far = -1;
    for (let k = 0; k < points.length; k++) {
      const p = points[k] as number[];
      let d = 0;
      for (let j = 0; j < p.length; j++) d += ((p[j] as number) - (chosen[j] as number)) ** 2;
      nearest[k] = Math.min(nearest[k] as number, d);
      if (far < 0 || (nearest[k] as number) > (nearest[far] as number)) far = k;
    }
    // Only copies of picked pairs are left: take the rest in order of uncertainty.
    if ((nearest[far] as number) === 0) {
      const taken = new Set(picked);
      for (let k = 0; k < ranked.length && picked.length < step; k++) if (!taken.has(k)) picked.push(k);
      break;
    }
    current = far;
  }
  return picked.map((k) => ranked[k] as number);
}

/**
 * Runs both strategies from the same random start and returns their learning curves. The learner
 * sees pool labels only through `pool.reveal`, once per pair it chose. Each model's threshold is the
 * F1-best on `validation` when given (as the report's learning curve does), else `options.threshold`.
 */
export function simulate(
  pool: Pool,
  test: TestSet,
  options: SimulationOptions,
  validation?: TestSet,
): CurvePoint[] {
  const all = pool.features.map((_, i) => i);
  const first = sample(all, options.start, seededRandom(options.seed));
  const points: CurvePoint[] = [];
  for (const strategy of ["uncertainty", "random"] as const) {
    const next = seededRandom(options.seed * 7919 + (strategy === "random" ? 1 : 2));
    const labels = new Map<number, number>(first.map((i) => [i, pool.reveal(i)]));
    for (;;) {
      const chosen = [...labels.keys()];
      const fitted = fitLogistic(
        chosen.map((i) => pool.features[i] as number[]),
        chosen.map((i) => labels.get(i) as number),
      );
      const testScores = test.features.map((row) => probability(fitted, row));
      const threshold = validation
        ? bestThreshold(
            validation.labels,
            validation.features.map((row) => probability(fitted, row)),
          )
        : options.threshold;
      const metrics = evaluate(test.labels, testScores, threshold);
      const valid = [...labels.values()].filter((l) => l === 1).length;
      points.push({
        strategy,
        seed: options.seed,
        labels: labels.size,
        f1: metrics.f1,
        rocAuc: metrics.rocAuc,
        validShare: valid / labels.size,
      });
      if (labels.size >= options.end) break;
      const unlabelled = all.filter((i) => !labels.has(i));
      if (unlabelled.length === 0) break;
      const step = Math.min(options.step, options.end - labels.size);
      const picks =
        strategy === "random"
          ? sample(unlabelled, step, next)
          : pickUncertain(
              pool.features,
              pool.features.map((row) => probability(fitted, row)),
              unlabelled,
              step,
              options.shortlist,
              fitted.scaling,
            );
      for (const i of picks) labels.set(i, pool.reveal(i));
    }
  }
  return points;
}

/** Mean F1 per strategy and label count over seeds. */
export function meanCurves(
  points: readonly CurvePoint[],
): { strategy: Strategy; labels: number; f1: number }[] {
  const groups = new Map<string, { strategy: Strategy; labels: number; sum: number; n: number }>();
  for (const p of points) {
    const key = `${p.strategy}:${p.labels}`;
    const group = groups.get(key) ?? { strategy: p.strategy, labels: p.labels, sum: 0, n: 0 };
    group.sum += p.f1;
    group.n++;
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ strategy: g.strategy, labels: g.labels, f1: g.sum / g.n }));
}

/** The fewest labels at which a strategy's mean F1 reaches `target`, or undefined if it never does. */
export function labelsToReach(
  curve: readonly { strategy: Strategy; labels: number; f1: number }[],
  strategy: Strategy,
  target: number,
): number | undefined {
  return curve
    .filter((p) => p.strategy === strategy)
    .sort((a, b) => a.labels - b.labels)
    .find((p) => p.f1 >= target)?.labels;
}
