import { evaluate } from "../../metrics.ts";
import { f1Interval, type Interval } from "./bootstrap.ts";

/** One line of the quality table: a system's test figures on one dataset. */
export interface QualityRow {
  dataset: string;
  system: string;
  /** Test pairs scored. */
  n: number;
  precision: number;
  recall: number;
  f1: number;
  /** Bootstrap 95 % interval of F1 (undefined when the system reports no per-pair scores). */
  f1Interval?: Interval;
  note?: string;
}

/** A row from per-pair test labels and scores at the threshold chosen on validation. */
export function scoredRow(input: {
  dataset: string;
  system: string;
  labels: readonly number[];
  scores: readonly number[];
  threshold: number;
  note?: string;
}): QualityRow {
  const metrics = evaluate(input.labels, input.scores, input.threshold);
  return {
    dataset: input.dataset,
    system: input.system,
    n: input.labels.length,
    precision: metrics.precision,
    recall: metrics.recall,
    f1: metrics.f1,
    f1Interval: f1Interval(input.labels, input.scores, input.threshold),
    ...(input.note ? { note: input.note } : {}),
  };
}

/** A row quoted from elsewhere (a paper, the dataset's README): F1 only. */
export function referenceRow(dataset: string, system: string, f1: number, note: string): QualityRow {
  return { dataset, system, n: 0, precision: Number.NaN, recall: Number.NaN, f1, note };
}
