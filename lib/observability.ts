import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarmAction,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Construct } from "constructs";
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from "../lambda/metric-names.ts";

/** Thresholds of the alarms; every default is a starting point to tune on real traffic. */
export interface AlarmThresholds {
  /** p99 of the function's duration above this many milliseconds, 3 periods of 5 min running. */
  p99DurationMs: number;
  /** API 5xx answers in 5 minutes at or above this. */
  api5xxPer5Min: number;
  /** Share of requests answered 503 over 5 minutes above this (0-1), twice running. */
  unavailableShare: number;
  /**
   * Band of the hourly share of "valid" decisions; outside it, the traffic or the model has drifted.
   * The defaults are deliberately wide: set them from a few weeks of the real share.
   */
  validShare: { low: number; high: number };
}

export const DEFAULT_THRESHOLDS: AlarmThresholds = {
  p99DurationMs: 3_000,
  api5xxPer5Min: 5,
  unavailableShare: 0.05,
  validShare: { low: 0.05, high: 0.95 },
};

/** The service's own EMF metric (lambda/telemetry.ts), over the `service` dimension alone. */
export function serviceMetric(name: string, statistic: string, period = Duration.minutes(5)): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period,
  });
}

/**
 * Alarms on the function (errors, throttles, p99 duration), the API (5xx) and the service's metrics
 * (503 share, valid-decision share out of its band), all sent to `action` when given; and one
 * dashboard with the traffic, latency, decisions, probability percentiles and artifact loads.
 */
export function observe(
  scope: Construct,
  {
    stage,
    fn,
    api,
    thresholds = DEFAULT_THRESHOLDS,
    action,
  }: { stage: string; fn: IFunction; api: HttpApi; thresholds?: AlarmThresholds; action?: IAlarmAction },
): Alarm[] {
  const fiveMin = Duration.minutes(5);
  const alarm = (
    id: string,
    description: string,
    props: Omit<ConstructorParameters<typeof Alarm>[2], "alarmDescription">,
  ) => {
    const created = new Alarm(scope, id, {
      alarmName: `sr-match-${stage}-${id}`,
      alarmDescription: description,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      ...props,
    });
    if (action) created.addAlarmAction(action);
    return created;
  };
  const validShare = serviceMetric(METRIC.validDecision, "Average", Duration.hours(1));
  const alarms = [
    alarm("FunctionErrors", "The function threw (not a 5xx answer: an unhandled failure or timeout)", {
      metric: fn.metricErrors({ period: fiveMin, statistic: "Sum" }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    }),
    alarm("FunctionThrottles", "Invocations throttled: raise reserved concurrency or the account limit", {
      metric: fn.metricThrottles({ period: fiveMin, statistic: "Sum" }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    }),
    alarm("DurationP99", `p99 duration above ${thresholds.p99DurationMs} ms for 15 minutes`, {
      metric: fn.metricDuration({ period: fiveMin, statistic: "p99" }),
      threshold: thresholds.p99DurationMs,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    }),
    alarm("Api5xx", "The API answered 5xx (function errors, 503s, or integration failures)", {
      metric: api.metricServerError({ period: fiveMin, statistic: "Sum" }),
      threshold: thresholds.api5xxPer5Min,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    }),
    alarm(
      "UnavailableShare",
      "Share of 503 answers high: the catalog or model cannot be loaded; see the function's log",
      {
        metric: serviceMetric(METRIC.unavailable, "Average"),
        threshold: thresholds.unavailableShare,
        evaluationPeriods: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      },
    ),
    alarm("ValidShareLow", "Hourly share of valid decisions below its band: traffic or model drift", {
      metric: validShare,
      threshold: thresholds.validShare.low,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    }),
    alarm("ValidShareHigh", "Hourly share of valid decisions above its band: traffic or model drift", {
      metric: validShare,
      threshold: thresholds.validShare.high,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    }),
  ];

  const width = 12;
  new Dashboard(scope, "Dashboard", {
    dashboardName: `sr-match-${stage}`,
    widgets: [
      [new AlarmStatusWidget({ title: "Alarms", alarms, width: 24 })],
      [
        new GraphWidget({
          title: "Requests and unavailability",
          width,
          left: [
            serviceMetric(METRIC.requests, "Sum"),
            api.metricClientError({ period: fiveMin }),
            api.metricServerError({ period: fiveMin }),
          ],
          right: [serviceMetric(METRIC.unavailable, "Average")],
        }),
        new GraphWidget({
          title: "Latency (ms)",
          width,
          left: ["p50", "p99"].map((statistic) => serviceMetric(METRIC.latency, statistic)),
          right: [fn.metricDuration({ period: fiveMin, statistic: "p99" })],
        }),
      ],
      [
        new GraphWidget({
          title: "Decisions: valid share (hourly) and count",
          width,
          left: [validShare],
          right: [serviceMetric(METRIC.validDecision, "SampleCount")],
        }),
        new GraphWidget({
          title: "Probability of decisions: p10 / p50 / p90 (drift)",
          width,
          left: ["p10", "p50", "p90"].map((statistic) =>
            serviceMetric(METRIC.probability, statistic, Duration.hours(1)),
          ),
        }),
      ],
      [
        new GraphWidget({
          title: "Artifact loads",
          width,
          left: [
            serviceMetric(METRIC.artifactLoads, "Sum"),
            serviceMetric(METRIC.artifactLoadFailures, "Sum"),
          ],
          right: [serviceMetric(METRIC.artifactLoadMs, "Maximum")],
        }),
        new GraphWidget({
          title: "Function errors and throttles",
          width,
          left: [fn.metricErrors({ period: fiveMin }), fn.metricThrottles({ period: fiveMin })],
        }),
      ],
    ],
  });
  return alarms;
}
