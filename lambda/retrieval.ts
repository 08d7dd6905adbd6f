import { classifyPair, type MatchClass, type Matcher, UnknownRecordingError } from "./match.ts";

/**
 * The table of the catalog file holding the retrieval index for /matches: per recording (row id),
 * the row ids of its likely duplicates as found by the dedupe job, comma-joined. Built with the
 * release (`npm run dedupe -- --index-into <db>`), loaded with the catalog, never per request.
 */
export const RETRIEVAL_TABLE = "retrieval_neighbours";

/** Whether a catalog file holds the index (one parameter: the table's name). */
export const RETRIEVAL_TABLE_EXISTS_SQL = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?";

/** A recording's neighbours' row ids, comma-joined (one parameter: its sr_id). */
export const NEIGHBOUR_IDS_SQL = `SELECT n.neighbour_ids FROM ${RETRIEVAL_TABLE} n JOIN soundrecording s ON s.id = n.id WHERE s.sr_id = ?`;

/** The sr_ids of the row ids a {@link NEIGHBOUR_IDS_SQL} row lists, as one query. */
export function neighbourSrIdsSql(neighbourIds: unknown): string | undefined {
  if (typeof neighbourIds !== "string" || neighbourIds === "") return undefined;
  const ids = neighbourIds.split(",").map(Number).filter(Number.isSafeInteger);
  return ids.length === 0 ? undefined : `SELECT sr_id FROM soundrecording WHERE id IN (${ids.join(",")})`;
}

/** Raised when the loaded catalog carries no retrieval index (a release built without it). */
export class NoRetrievalIndexError extends Error {
  override name = "NoRetrievalIndexError";
}

/** One likely duplicate of a recording. */
export interface RankedMatch {
  sr_id: string;
  class: MatchClass;
  /** Probability in [0, 1] that it is the same recording. */
  probability: number;
}

/**
 * The catalog's likely duplicates of one recording, most probable first, at most `limit`: the
 * index's neighbours, each scored now with the serving model through the API's hot path, so a new
 * model changes the ranking without a new index. A neighbour the catalog no longer holds is left out.
 * Throws UnknownRecordingError for an unknown id and NoRetrievalIndexError when the catalog has no index.
 */
export function rankMatches(matcher: Matcher, srId: string, limit: number): RankedMatch[] {
  if (!matcher.catalog.get(srId)) throw new UnknownRecordingError(srId);
  const neighbours = matcher.catalog.neighbours?.(srId);
  if (neighbours === undefined) {
    throw new NoRetrievalIndexError("this release's catalog has no retrieval index for /matches");
  }
  return neighbours
    .filter((other) => matcher.catalog.get(other) !== undefined)
    .map((other) => ({ sr_id: other, ...classifyPair(matcher, srId, other) }))
    .sort((x, y) => y.probability - x.probability || (x.sr_id < y.sr_id ? -1 : 1))
    .slice(0, limit);
}
