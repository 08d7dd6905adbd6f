import { createServer, type Server, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { HEADERS, handler } from "../lambda/handler.ts";
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
          response.writeHead(500, HEADERS);
          response.end('{"error":"internal error"}');
        },
      );
    },
  );
  server.on("clientError", answerClientError);
  // An Expect other than 100-continue: node's own 417 has no body; this one is JSON like the rest.
  server.on("checkExpectation", (_request, response) => {
    response.writeHead(417, HEADERS);
    response.end('{"error":"only Expect: 100-continue is supported"}');
  });
  return server;
}

/**
 * What node's HTTP parser refuses before the handler runs (headers over its 16 KB limit, a request
 * not sent in time, bytes that are not HTTP), by node's own status, with a JSON body like every
 * other error of the API instead of node's empty one.
 */
const CLIENT_ERRORS: Record<number, string> = {
  400: "malformed HTTP request",
  408: "request not received in time",
  431: "request headers too large",
};

function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As node's own answer does: no reply into a response already under way on this connection.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status =
    error.code === "HPE_HEADER_OVERFLOW" ? 431 : error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const body = JSON.stringify({ error: CLIENT_ERRORS[status] });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      "content-type: application/json; charset=utf-8\r\nx-content-type-options: nosniff\r\n" +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
