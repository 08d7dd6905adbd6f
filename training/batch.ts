import { classifyPair, type MatchClass, type Matcher, UnknownRecordingError } from "../lambda/match.ts";
import type { Pair } from "./csv.ts";

/** The outcome for one pair of a batch; unknown ids are an outcome, not a failure. */
export interface BatchResult {
  pair: Pair;
  class: MatchClass | "unknown_id";
  probability?: number;
}

/** Classifies every pair with the same code path as the API's plain answer. */
export function decideAll(matcher: Matcher, pairs: readonly Pair[]): BatchResult[] {
  return pairs.map((pair) => {
    try {
      const verdict = classifyPair(matcher, pair.q, pair.m);
      return { pair, class: verdict.class, probability: verdict.probability };
    } catch (error) {
      if (error instanceof UnknownRecordingError) return { pair, class: "unknown_id" };
      throw error;
    }
  });
}
