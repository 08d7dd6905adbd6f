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
