import { ArtifactUnavailableError } from "./artifacts.ts";
import { InvalidCatalogError } from "./catalog.ts";
import { classifyPair, decide, type Matcher, UnknownRecordingError } from "./match.ts";
import { InvalidLimitError, matchesBody, matchesLimit } from "./matches.ts";
import { InvalidModelError } from "./model.ts";
import { NoRetrievalIndexError } from "./retrieval.ts";

/** A request as the API sees it, whatever carried it. */
export interface ApiRequest {
  method: string;
  path: string;
  rawQuery: string;
  query: Readonly<Record<string, string | undefined>>;
}

/** A response: status and JSON body. */
export interface ApiResponse {
  status: number;
  body: Record<string, unknown>;
  /** What was decided, for the request log; absent when nothing was. */
  decision?: string;
  /** The error behind a 5xx, for the log only; never sent. */
  cause?: unknown;
}

/** Longest sr_id accepted; real ids are under 100 characters. */
export const MAX_ID_LENGTH = 256;
/** Longest query string accepted, in characters. */
export const MAX_QUERY_LENGTH = 2048;

class BadRequestError extends RangeError {}

/**
 * Answers one API request. Domain errors map to 4xx/503 with their message; anything else to a
 * generic 500, with the error kept in `cause` for the log.
 */
export async function respond(
  request: ApiRequest,
  loadMatcher: () => Promise<Matcher>,
): Promise<ApiResponse> {
  if (request.method !== "GET") return { status: 405, body: { error: "method not allowed; use GET" } };
  if (request.rawQuery.length > MAX_QUERY_LENGTH) {
    return { status: 414, body: { error: `query string longer than ${MAX_QUERY_LENGTH} characters` } };
  }
  try {
    if (request.path === "/health") {
      await loadMatcher();
      return { status: 200, body: { status: "ok" } };
    }
    if (request.path === "/openapi.json") {
      // Loaded on first use only: the full zod and the document stay out of the cold start.
      return { status: 200, body: (await import("./openapi.ts")).openApiDocument() };
    }
    if (request.path === "/matches") {
      const srId = requiredId(request.query, "sr_id");
      const limit = matchesLimit(request.query.limit);
      const body = matchesBody(await loadMatcher(), srId, limit);
      return { status: 200, body: { ...body }, decision: `${body.matches.length} matches` };
    }
    if (request.path !== "/") return { status: 404, body: { error: `no route for ${request.path}` } };
    const qId = requiredId(request.query, "q_sr_id");
    const mId = requiredId(request.query, "m_sr_id");
    if (request.query.explain !== "true") {
      const verdict = classifyPair(await loadMatcher(), qId, mId);
      return { status: 200, body: { class: verdict.class }, decision: verdict.class };
    }
    const decision = decide(await loadMatcher(), qId, mId);
    return { status: 200, body: { ...decision }, decision: decision.class };
  } catch (error) {
    return errorResponse(error);
  }
}

function requiredId(query: ApiRequest["query"], name: string): string {
  const value = query[name];
  if (value === undefined) throw new BadRequestError(`missing query parameter ${name}`);
  if (value.trim() === "") throw new BadRequestError(`empty query parameter ${name}`);
  if (value.length > MAX_ID_LENGTH)
    throw new BadRequestError(`${name} longer than ${MAX_ID_LENGTH} characters`);
  return value;
}

/** Maps an error to a response: the message is exposed only below 500 and for unavailability. */
export function errorResponse(error: unknown): ApiResponse {
  if (error instanceof BadRequestError || error instanceof InvalidLimitError)
    return { status: 400, body: { error: error.message } };
  if (error instanceof NoRetrievalIndexError)
    return { status: 503, body: { error: `service unavailable: ${error.message}` }, cause: error };
  if (error instanceof UnknownRecordingError) return { status: 404, body: { error: error.message } };
  if (error instanceof ArtifactUnavailableError) {
    return {
      status: 503,
      body: { error: `service unavailable: ${error.message}; retry later` },
      cause: error,
    };
  }
  if (error instanceof InvalidModelError || error instanceof InvalidCatalogError) {
    return {
      status: 503,
      body: { error: "service unavailable: the deployed model or catalog was refused" },
      cause: error,
    };
  }
  return { status: 500, body: { error: "internal error" }, cause: error };
}
