import type { Matcher } from "./match.ts";
import { type RankedMatch, rankMatches } from "./retrieval.ts";

/** Matches returned when `limit` is not given, and the most a request may ask for. */
export const DEFAULT_MATCHES_LIMIT = 10;
export const MAX_MATCHES_LIMIT = 10;

/** Raised for a `limit` that is not a whole number in 1..MAX_MATCHES_LIMIT; answered with 400. */
export class InvalidLimitError extends RangeError {
  override name = "InvalidLimitError";
}

/** The body of `GET /matches`. */
export interface MatchesBody {
  sr_id: string;
  matches: RankedMatch[];
}

/**
 * Reads the optional `limit` parameter.
 * @example matchesLimit(undefined) // 10
 * @example matchesLimit("3") // 3
 */
export function matchesLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MATCHES_LIMIT;
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= 1 && n <= MAX_MATCHES_LIMIT)) {
    throw new InvalidLimitError(`limit must be a whole number from 1 to ${MAX_MATCHES_LIMIT}`);
  }
  return n;
}

/** `GET /matches?sr_id=&limit=`: the recording's likely duplicates, most probable first. */
export function matchesBody(matcher: Matcher, srId: string, limit: number): MatchesBody {
  return { sr_id: srId, matches: rankMatches(matcher, srId, limit) };
}
