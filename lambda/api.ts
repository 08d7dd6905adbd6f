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
  /** The route that answered ("/", "/health"), or "unmatched"; for logs and metrics. */
  route?: string;
  /** What was decided, for the request log; absent when nothing was. */
  decision?: string;
  /** The probability behind the decision, for the drift metric; absent when nothing was decided. */
  probability?: number;
  /** The error behind a 5xx, for the log only; never sent. */
  cause?: unknown;
}

/** Answers one request to a route; domain errors are thrown and mapped by {@link errorResponse}. */
export type RouteHandler = (request: ApiRequest, loadMatcher: () => Promise<Matcher>) => Promise<ApiResponse>;

/** Longest sr_id accepted; real ids are under 100 characters. */
export const MAX_ID_LENGTH = 256;
/** Longest query string accepted, in characters. */
export const MAX_QUERY_LENGTH = 2048;
/** The one body every 503 carries: the cause goes to the log, never to the caller. */
export const UNAVAILABLE_BODY = { error: "service unavailable; retry later" } as const;

class BadRequestError extends RangeError {}

/**
 * The API's routes, all GET, by path. A new route is one more entry here (and a test); API Gateway
 * sends every method and path to the function, so an unknown path gets this module's 404 and
 * another method its 405, in AWS as locally.
 */
export const ROUTES: Readonly<Record<string, RouteHandler>> = {
  "/": matchPair,
  "/health": async (_request, loadMatcher) => {
    await loadMatcher();
    return { status: 200, body: { status: "ok" } };
  },
  "/matches": async (request, loadMatcher) => {
    const srId = requiredId(request.query, "sr_id");
    const limit = matchesLimit(request.query.limit);
    const body = matchesBody(await withNeighbours(await loadMatcher(), srId), srId, limit);
    return { status: 200, body: { ...body }, decision: `${body.matches.length} matches` };
  },
  // Loaded on first use only: the full zod and the document stay out of the cold start.
  "/openapi.json": async () => ({ status: 200, body: (await import("./openapi.ts")).openApiDocument() }),
};

/**
 * Answers one API request. Domain errors map to 4xx with their message, unavailability to a 503 that
 * names nothing, anything else to a generic 500; the error is kept in `cause` for the log.
 */
export async function respond(
  request: ApiRequest,
  loadMatcher: () => Promise<Matcher>,
): Promise<ApiResponse> {
  const handle = Object.hasOwn(ROUTES, request.path) ? ROUTES[request.path] : undefined;
  const route = handle ? request.path : "unmatched";
  if (!handle) return { status: 404, route, body: { error: `no route for ${request.path}` } };
  if (request.method !== "GET") return { status: 405, route, body: { error: "method not allowed; use GET" } };
  if (request.rawQuery.length > MAX_QUERY_LENGTH) {
    return { status: 414, route, body: { error: `query string longer than ${MAX_QUERY_LENGTH} characters` } };
  }
  // API Gateway joins a repeated parameter's values with commas (`q_sr_id=1&q_sr_id=2` arrives as
  // "1,2"), which would read as one unknown id: refuse it by name instead.
  const repeated = repeatedParameter(request);
  if (repeated !== undefined)
    return { status: 400, route, body: { error: `query parameter ${repeated} given more than once` } };
  // A broken escape (`%E0%A4%A`, a lone `%`) would reach the route as U+FFFD and read as an unknown id.
  if (!wellEncoded(request.rawQuery))
    return { status: 400, route, body: { error: "query string holds a malformed percent-escape" } };
  let response: ApiResponse;
  try {
    response = await handle(request, loadMatcher);
  } catch (error) {
    response = errorResponse(error);
  }
  response.route = route;
  return response;
}

async function matchPair(request: ApiRequest, loadMatcher: () => Promise<Matcher>): Promise<ApiResponse> {
  const qId = requiredId(request.query, "q_sr_id");
  const mId = requiredId(request.query, "m_sr_id");
  const explain = explainFlag(request.query.explain);
  const loaded = await loadMatcher();
  // A remote catalog fetches both records in one round trip; an embedded one answers as it is.
  const matcher = loaded.catalog.fetchMany
    ? { ...loaded, catalog: await loaded.catalog.fetchMany([qId, mId]) }
    : loaded;
  if (!explain) {
    const verdict = classifyPair(matcher, qId, mId);
    return {
      status: 200,
      body: { class: verdict.class },
      decision: verdict.class,
      probability: verdict.probability,
    };
  }
  const decision = decide(matcher, qId, mId);
  return { status: 200, body: { ...decision }, decision: decision.class, probability: decision.probability };
}

/**
 * The matcher to rank a recording's neighbours with: as loaded for an embedded catalog; for a remote
 * one, the recording fetched first (its item lists its neighbours), then it and its neighbours.
 */
async function withNeighbours(loaded: Matcher, srId: string): Promise<Matcher> {
  const { catalog } = loaded;
  if (!catalog.fetchMany) return loaded;
  const neighbours = (await catalog.fetchMany([srId])).neighbours?.(srId) ?? [];
  return { ...loaded, catalog: await catalog.fetchMany([srId, ...neighbours]) };
}

/**
 * The first query parameter named more than once in the raw query string, if any. A repeated
 * parameter's values arrive joined by a comma, so without a comma in any value there is none, and
 * the raw string is not parsed again.
 */
function repeatedParameter({ rawQuery, query }: ApiRequest): string | undefined {
  if (rawQuery === "" || !Object.values(query).some((value) => value?.includes(","))) return undefined;
  const seen = new Set<string>();
  for (const name of new URLSearchParams(rawQuery).keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

/** True when every percent-escape of the raw query string decodes, as UTF-8. */
function wellEncoded(rawQuery: string): boolean {
  if (!rawQuery.includes("%")) return true;
  try {
    decodeURIComponent(rawQuery);
    return true;
  } catch {
    return false;
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

/** `explain` as the OpenAPI document declares it: absent, "true" or "false"; anything else is a typo to refuse. */
function explainFlag(value: string | undefined): boolean {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  throw new BadRequestError("explain must be true or false");
}

/** Maps an error to a response: the message is exposed only below 500. */
export function errorResponse(error: unknown): ApiResponse {
  if (error instanceof BadRequestError || error instanceof InvalidLimitError)
    return { status: 400, body: { error: error.message } };
  if (error instanceof NoRetrievalIndexError)
    return { status: 503, body: { ...UNAVAILABLE_BODY }, cause: error };
  if (error instanceof UnknownRecordingError) return { status: 404, body: { error: error.message } };
  if (
    error instanceof ArtifactUnavailableError ||
    error instanceof InvalidModelError ||
    error instanceof InvalidCatalogError
  ) {
    return { status: 503, body: { ...UNAVAILABLE_BODY }, cause: error };
  }
  return { status: 500, body: { error: "internal error" }, cause: error };
}
