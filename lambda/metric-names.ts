/**
 * The CloudWatch metrics the function emits as EMF (lambda/telemetry.ts) and the stack alarms on
 * (lib/observability.ts): one list, so a renamed metric cannot leave an alarm watching nothing.
 */
export const METRICS_NAMESPACE = "SrMatch";
/** Service dimension every metric carries (Powertools' `service`). */
export const SERVICE_NAME = "sr-match";

export const METRIC = {
  /** Count of requests; dimension sets: service; service+route+status; service+class when decided. */
  requests: "Requests",
  /** Milliseconds from event to response, inside the function. */
  latency: "Latency",
  /** 1 for a 503, else 0: its Average is the share of requests answered "unavailable". */
  unavailable: "Unavailable",
  /** 1 for a "valid" decision, 0 for "invalid": its Average is the valid share (the drift signal). */
  validDecision: "ValidDecision",
  /** The model's probability of each decision in [0, 1]; percentiles show its distribution. */
  probability: "Probability",
  /** Successful artifact loads (catalog + model) and their duration in milliseconds. */
  artifactLoads: "ArtifactLoads",
  artifactLoadMs: "ArtifactLoadMs",
  /** Failed artifact loads (store unreachable, object missing, model or catalog refused). */
  artifactLoadFailures: "ArtifactLoadFailures",
} as const;
