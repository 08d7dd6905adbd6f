import { decide, type MatchClass, type Matcher, UnknownRecordingError } from "../lambda/match.ts";
import type { Pair } from "./csv.ts";

/** The outcome for one pair of a batch; unknown ids are an outcome, not a failure. */
export interface BatchResult {
  pair: Pair;
  class: MatchClass | "unknown_id";
  probability?: number;
}

/** Decides every pair with the same code path as the API. */
export function decideAll(matcher: Matcher, pairs: readonly Pair[]): BatchResult[] {
  return pairs.map((pair) => {
    try {
      const decision = decide(matcher, pair.q, pair.m);
      return { pair, class: decision.class, probability: decision.probability };
    } catch (error) {
      if (error instanceof UnknownRecordingError) return { pair, class: "unknown_id" };
      throw error;
    }
  });
}
