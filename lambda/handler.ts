import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type ApiResponse, respond } from "./api.ts";
import type { ArtifactSource } from "./artifacts.ts";
import { releaseCheckMsFromEnv, retryMsFromEnv, sourceFromEnv } from "./config.ts";
import { matcherLoader } from "./matcher-loader.ts";

const logger = new Logger({ serviceName: "sr-match" });
const source = sourceFromEnv();
const loadMatcher = matcherLoader(logged(source), {
  releaseCheckMs: releaseCheckMsFromEnv(),
  retryMs: retryMsFromEnv(),
  onRefreshError: (error) =>
    logger.warn("release check failed; still serving the loaded release", { error: error as Error }),
});
// Start loading during the container's init phase; a failure here is retried by the first request.
loadMatcher().catch(() => {});

const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

/** API Gateway HTTP API (payload 2.0) handler: adapts the event, answers, logs one line. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const started = performance.now();
  const http = event.requestContext.http;
  const response = await respond(
    {
      method: http.method,
      path: http.path,
      rawQuery: event.rawQueryString ?? "",
      query: event.queryStringParameters ?? {},
    },
    loadMatcher,
  );
  log(response, http.method, http.path, performance.now() - started);
  return { statusCode: response.status, headers: HEADERS, body: JSON.stringify(response.body) };
}

function log(response: ApiResponse, method: string, path: string, ms: number): void {
  const line = {
    method,
    path,
    status: response.status,
    decision: response.decision,
    latencyMs: Number(ms.toFixed(3)),
  };
  if (response.cause)
    logger.error("request failed", { ...line, source: source.description, error: response.cause as Error });
  else logger.info("request", line);
}

/** Logs each fetch of the artifacts (once per container unless it fails) with its duration. */
function logged(inner: ArtifactSource): ArtifactSource {
  return {
    get description() {
      return inner.description;
    },
    async fetch() {
      const started = performance.now();
      const artifacts = await inner.fetch();
      const fetchMs = Number((performance.now() - started).toFixed(1));
      logger.info("artifacts fetched", {
        source: inner.description,
        release: artifacts.release,
        fetchMs,
        catalogBytes: artifacts.catalog.length,
      });
      return artifacts;
    },
    ...(inner.currentRelease && { currentRelease: inner.currentRelease.bind(inner) }),
  };
}
