import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { ApiResponse } from "./api.ts";
import { type TextSink, toStdout } from "./line-writer.ts";
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from "./metric-names.ts";

/** What one request leaves behind: one log line and one EMF document. */
export interface RequestRecord {
  method: string;
  path: string;
  response: ApiResponse;
  latencyMs: number;
  /** Where the artifacts come from, logged with a failure. */
  source: string;
}

/** Settings of {@link telemetry}, read once at the edge (lambda/config.ts). */
export interface TelemetryOptions {
  /** Write the per-request INFO line (errors are always logged). */
  requestLog: boolean;
  /** Emit EMF metrics; false skips building documents nobody reads (the local server). Default true. */
  metrics?: boolean;
  /** Where the request line goes; default: one `process.stdout.write` per line. */
  writeLine?: TextSink;
}

/**
 * The function's logs and metrics. The per-request line is serialised by hand and handed to
 * `writeLine` (stdout): the same fields and keys as a Powertools line (level, message, timestamp,
 * service), at a fraction of its cost (`npx tsx bench/log-cost.ts`). Failures go through the
 * Powertools Logger with their cause. Metrics are Powertools EMF, flushed once per request.
 */
export function telemetry({
  requestLog,
  metrics: emitMetrics = true,
  writeLine = toStdout,
}: TelemetryOptions) {
  const logger = new Logger({ serviceName: SERVICE_NAME });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

  return {
    logger,
    /** Records one request: its log line and its metrics, flushed now. */
    request({ method, path, response, latencyMs, source }: RequestRecord): void {
      const { status, decision, probability, route = "unmatched", cause } = response;
      const ms = Number(latencyMs.toFixed(3));
      if (cause) {
        logger.error("request failed", {
          method,
          path,
          status,
          latencyMs: ms,
          source,
          error: cause as Error,
        });
      } else if (requestLog) {
        writeLine(requestLine(method, path, status, decision, ms));
      }
      if (!emitMetrics) return;
      // Three dimension sets in one EMF document: service alone (totals, what the alarms watch),
      // service+route+status, and service+class for decisions.
      metrics.addDimensions({});
      metrics.addDimensions({ route, status: String(status) });
      metrics.addMetric(METRIC.requests, MetricUnit.Count, 1);
      metrics.addMetric(METRIC.latency, MetricUnit.Milliseconds, latencyMs);
      metrics.addMetric(METRIC.unavailable, MetricUnit.Count, status === 503 ? 1 : 0);
      if (decision !== undefined && probability !== undefined) {
        metrics.addDimensions({ class: decision });
        metrics.addMetric(METRIC.validDecision, MetricUnit.Count, decision === "valid" ? 1 : 0);
        metrics.addMetric(METRIC.probability, MetricUnit.NoUnit, probability);
      }
      metrics.publishStoredMetrics();
    },
    /** Counts an artifact load: its duration when it worked, a failure otherwise (flushed with the next request). */
    artifactLoad(outcome: { ms: number } | { error: unknown }): void {
      if (!emitMetrics) return;
      if ("ms" in outcome) {
        metrics.addMetric(METRIC.artifactLoads, MetricUnit.Count, 1);
        metrics.addMetric(METRIC.artifactLoadMs, MetricUnit.Milliseconds, outcome.ms);
      } else {
        metrics.addMetric(METRIC.artifactLoadFailures, MetricUnit.Count, 1);
      }
    },
  };
}

/** One JSON line with the keys a Powertools INFO line has; only `path` needs escaping. */
function requestLine(
  method: string,
  path: string,
  status: number,
  decision: string | undefined,
  ms: number,
): string {
  return (
    `{"level":"INFO","message":"request","timestamp":"${new Date().toISOString()}","service":"${SERVICE_NAME}",` +
    `"method":${JSON.stringify(method)},"path":${JSON.stringify(path)},"status":${status},` +
    `${decision === undefined ? "" : `"decision":"${decision}",`}"latencyMs":${ms}}\n`
  );
}
