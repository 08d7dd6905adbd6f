import { createServer, type Server } from "node:http";
import { handler } from "../lambda/handler.ts";
import { toApiGatewayEvent } from "./event.ts";

/** Timeouts of the local server, in milliseconds. */
export interface ServerTimeouts {
  /** Time a client has to send all request headers (slowloris guard); default 10 s. */
  headersMs?: number;
  /** Time a client has to send the whole request; default 30 s. */
  requestMs?: number;
  /** How often node checks connections against both; default 1 s (node's own default is 30 s). */
  checkEveryMs?: number;
}

/** A node:http server that runs the Lambda handler on every request. No logic of its own. */
export function createLocalServer({
  headersMs = 10_000,
  requestMs = 30_000,
  checkEveryMs = 1_000,
}: ServerTimeouts = {}): Server {
  const server = createServer(
    { headersTimeout: headersMs, requestTimeout: requestMs, connectionsCheckingInterval: checkEveryMs },
    (request, response) => {
      request.resume();
      request.on("error", () => response.destroy());
      handler(toApiGatewayEvent(request)).then(
        (result) => {
          response.writeHead(result.statusCode ?? 500, result.headers as Record<string, string>);
          response.end(result.body);
        },
        () => {
          response.writeHead(500, { "content-type": "application/json; charset=utf-8" });
          response.end('{"error":"internal error"}');
        },
      );
    },
  );
  return server;
}
