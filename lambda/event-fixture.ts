import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** A typed API Gateway HTTP API (payload 2.0) event as API Gateway sends it, for tests. */
export function apiEvent(method: string, path: string, rawQueryString = ""): APIGatewayProxyEventV2 {
  const query: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    query[key] = key in query ? `${query[key]},${value}` : value;
  }
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString,
    headers: { host: "example.execute-api.eu-west-1.amazonaws.com" },
    queryStringParameters: rawQueryString === "" ? undefined : query,
    isBase64Encoded: false,
    requestContext: {
      accountId: "123456789012",
      apiId: "example",
      domainName: "example.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "example",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "vitest" },
      requestId: "test-request",
      routeKey: "$default",
      stage: "$default",
      time: "26/Nov/2026:19:00:00 +0000",
      timeEpoch: 1_795_000_000_000,
    },
  };
}
