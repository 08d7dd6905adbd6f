import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { errorResponse, respond } from "./api.ts";
import type { ArtifactSource } from "./artifacts.ts";
import {
  catalogFromEnv,
  metricsFromEnv,
  releaseCheckMsFromEnv,
  requestLogFlushMsFromEnv,
  requestLogFromEnv,
  retryMsFromEnv,
  sourceFromEnv,
} from "./config.ts";
import { lineWriter } from "./line-writer.ts";
import { matcherLoader } from "./matcher-loader.ts";
import { telemetry } from "./telemetry.ts";

const observe = telemetry({
  requestLog: requestLogFromEnv(),
  metrics: metricsFromEnv(),
  writeLine: lineWriter(requestLogFlushMsFromEnv()),
});
const source = sourceFromEnv();
const loadMatcher = matcherLoader(observed(source), {
  releaseCheckMs: releaseCheckMsFromEnv(),
  retryMs: retryMsFromEnv(),
  openCatalog: catalogFromEnv(),
  onRefreshError: (error) =>
    observe.logger.warn("release check failed; still serving the loaded release", { error: error as Error }),
});
// Start loading during the container's init phase; a failure here is retried by a later request.
loadMatcher().catch(() => {});

/** The headers of every answer (the local adapter writes its own few answers with them too). */
export const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

/** API Gateway HTTP API (payload 2.0) handler: adapts the event, answers, records one log line and metrics. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const started = performance.now();
  // Only an HTTP API payload 2.0 event has requestContext.http; another (a REST API's, a test event)
  // is a misconfiguration, answered with a logged 500 rather than a crash.
  const http = event.requestContext?.http;
  const { method, path } = http ?? { method: "?", path: "?" };
  const response = http
    ? await respond(
        { method, path, rawQuery: event.rawQueryString ?? "", query: event.queryStringParameters ?? {} },
        loadMatcher,
      )
    : {
        ...errorResponse(new TypeError("not an API Gateway HTTP API (payload 2.0) event")),
        route: "unmatched",
      };
  observe.request({
    method,
    path,
    response,
    latencyMs: performance.now() - started,
    source: source.description,
  });
  return {
    statusCode: response.status,
    headers: headersFor(response.status),
    body: JSON.stringify(response.body),
  };
}

/** The headers of an answer: a 503 says when to retry, a 405 which method is allowed (RFC 9110). */
function headersFor(status: number): Record<string, string> {
  if (status === 503) return { ...HEADERS, "retry-after": "5" };
  if (status === 405) return { ...HEADERS, allow: "GET" };
  return HEADERS;
}

/** Logs and counts each fetch of the artifacts (once per container unless it fails) with its duration. */
function observed(inner: ArtifactSource): ArtifactSource {
  return {
    get description() {
      return inner.description;
    },
    async fetch(options) {
      const started = performance.now();
      try {
        const artifacts = await inner.fetch(options);
        const fetchMs = Number((performance.now() - started).toFixed(1));
        observe.artifactLoad({ ms: fetchMs });
        observe.logger.info("artifacts fetched", {
          source: inner.description,
          release: artifacts.release,
          fetchMs,
          catalogBytes: artifacts.catalog?.length,
        });
        return artifacts;
      } catch (error) {
        observe.artifactLoad({ error });
        throw error;
      }
    },
    ...(inner.currentRelease && { currentRelease: inner.currentRelease.bind(inner) }),
  };
}
