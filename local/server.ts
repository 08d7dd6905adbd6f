import { createServer, type Server } from "node:http";
import { handler } from "../lambda/handler.ts";
import { toApiGatewayEvent } from "./event.ts";

/** A node:http server that runs the Lambda handler on every request. No logic of its own. */
export function createLocalServer(): Server {
  const server = createServer((request, response) => {
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
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}
