import { extractFeatures } from "../../lambda/features.ts";
import { type LinearScorer, probability } from "../../lambda/model.ts";
import type { PreparedRecording } from "../../lambda/recording.ts";

/**
 * Probability in [0, 1] that two prepared recordings are the same recording: the API's hot path
 * (`classifyPair` in lambda/match.ts) without its catalog lookups, since the dedupe job holds every
 * recording prepared already. Class "valid" is `p >= model.threshold`, as in the API.
 */
export function pairProbability(model: LinearScorer, a: PreparedRecording, b: PreparedRecording): number {
  return probability(model, extractFeatures(a, b));
}

/**
 * The indices of pairs [a[i], b[i]] ordered by their first record, by a stable counting sort (the
 * pairs of one record keep their order): scored in this order, each record's prepared form is read
 * for all its pairs while it is still in the CPU's cache, instead of once per pair from memory.
 * `records` bounds the record numbers.
 * @example pairsByRecord(Uint32Array.of(2, 0, 2, 1), 3) // [1, 3, 0, 2]
 */
export function pairsByRecord(a: Uint32Array, records: number): Uint32Array {
  // next[r]: where the next pair of record r goes; first each record's count, then its start.
  const next = new Uint32Array(records + 1);
  for (let i = 0; i < a.length; i++) {
    const r = (a[i] as number) + 1;
    next[r] = (next[r] as number) + 1;
  }
  for (let r = 0; r < records; r++) next[r + 1] = (next[r + 1] as number) + (next[r] as number);
  const order = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const r = a[i] as number;
    const at = next[r] as number;
    order[at] = i;
    next[r] = at + 1;
  }
  return order;
}
