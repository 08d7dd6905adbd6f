import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { decide, type Matcher } from "../../lambda/match.ts";
import { renderPage } from "./page.ts";
import type { QueueItem } from "./queue.ts";
import { pairKey, REVIEW_LABELS, type ReviewLabel, type ReviewStore } from "./review-store.ts";

/** What the review server serves: the queue, where answers go, who answers and with which model. */
export interface ReviewApp {
  matcher: Matcher;
  items: readonly QueueItem[];
  store: ReviewStore;
  reviewer: string;
  modelVersion: string;
  notes: readonly string[];
}

const require = createRequire(import.meta.url);
const STATIC: Record<string, { path: string; type: string }> = {
  "/static/htmx.min.js": { path: require.resolve("htmx.org/dist/htmx.min.js"), type: "text/javascript" },
  "/static/review.js": {
    path: new URL("static/review.js", import.meta.url).pathname,
    type: "text/javascript",
  },
  "/static/review.css": { path: new URL("static/review.css", import.meta.url).pathname, type: "text/css" },
};
const MAX_BODY = 4096;
const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** A request the server refuses, with its status; the message is sent as JSON. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The review page over node:http: GET / shows the pending item `?at=N`; POST /answer and POST /undo
 * write to the reviews file and redirect back (303). POSTs must come from the page's own origin.
 */
export function createReviewServer(app: ReviewApp): Server {
  const server = createServer((request, response) => {
    handle(app, request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error(error);
      send(
        response,
        status,
        "application/json; charset=utf-8",
        JSON.stringify({
          error: status === 500 ? "internal error" : (error as Error).message,
        }),
      );
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { "content-type": type, "cache-control": "no-store", ...SECURITY_HEADERS });
  response.end(body);
}

function pending(app: ReviewApp): QueueItem[] {
  const answered = app.store.latest();
  return app.items.filter((item) => !answered.has(pairKey(item.q, item.m)));
}

async function handle(app: ReviewApp, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const route = `${request.method} ${url.pathname}`;
  if (route === "GET /" || route === "HEAD /") return showPage(app, url, response);
  if (route === "GET /favicon.ico") return void response.writeHead(204, SECURITY_HEADERS).end();
  if (route === "GET /health") return send(response, 200, "application/json", '{"status":"ok"}');
  const asset = STATIC[url.pathname];
  if (asset && request.method === "GET") return send(response, 200, asset.type, readFileSync(asset.path));
  if (url.pathname === "/answer" || url.pathname === "/undo") {
    if (request.method !== "POST") throw new HttpError(405, "method not allowed; use POST");
    checkOrigin(request);
    const form = await readForm(request);
    const at = Math.max(Number.parseInt(form.get("at") ?? "0", 10) || 0, 0);
    if (url.pathname === "/answer") answer(app, form);
    else {
      const undone = app.store.undoLast(app.reviewer);
      if (undone) {
        const index = pending(app).findIndex(
          (item) => pairKey(item.q, item.m) === pairKey(undone.q, undone.m),
        );
        response.writeHead(303, { location: `/?at=${Math.max(index, 0)}`, ...SECURITY_HEADERS });
        return void response.end();
      }
    }
    response.writeHead(303, { location: `/?at=${at}`, ...SECURITY_HEADERS });
    return void response.end();
  }
  if (STATIC[url.pathname] || url.pathname === "/" || url.pathname === "/health") {
    throw new HttpError(405, "method not allowed; use GET");
  }
  throw new HttpError(404, `not found: ${url.pathname}`);
}

function showPage(app: ReviewApp, url: URL, response: ServerResponse): void {
  const items = pending(app);
  const requested = Number.parseInt(url.searchParams.get("at") ?? "0", 10);
  const at = Math.min(Math.max(Number.isFinite(requested) ? requested : 0, 0), Math.max(items.length - 1, 0));
  const item = items[at];
  const view = {
    at,
    pending: items.length,
    answered: app.items.length - items.length,
    total: app.items.length,
    modelVersion: app.modelVersion,
    reviewer: app.reviewer,
    notes: app.notes,
    ...(item ? { current: { item, decision: decide(app.matcher, item.q, item.m) } } : {}),
  };
  send(response, 200, "text/html; charset=utf-8", renderPage(view));
}

function answer(app: ReviewApp, form: URLSearchParams): void {
  const label = form.get("label") ?? "";
  if (!REVIEW_LABELS.includes(label as ReviewLabel)) {
    throw new HttpError(400, `label must be one of ${REVIEW_LABELS.join(", ")}`);
  }
  const key = pairKey(form.get("q") ?? "", form.get("m") ?? "");
  const item = app.items.find((entry) => pairKey(entry.q, entry.m) === key);
  if (!item) throw new HttpError(400, "q and m must name a pair of the queue");
  app.store.record({
    q: item.q,
    m: item.m,
    label: label as ReviewLabel,
    reviewer: app.reviewer,
    modelVersion: app.modelVersion,
    probability: item.probability,
    reason: item.reason,
  });
}

/**
 * Refuses cross-site POSTs: the Host must be a loopback name or the bound address, and the Origin
 * (or, lacking it, the Referer) must be this same host.
 */
function checkOrigin(request: IncomingMessage): void {
  const host = request.headers.host ?? "";
  const claimed = request.headers.origin ?? originOf(request.headers.referer);
  if (!host || !claimed || claimed !== `http://${host}`) {
    throw new HttpError(403, "cross-origin request refused: POST from the review page itself");
  }
  const hostname = new URL(`http://${host}`).hostname;
  const local = request.socket.localAddress?.replace(/^::ffff:/, "");
  if (!["127.0.0.1", "localhost", "[::1]"].includes(hostname) && hostname !== local) {
    throw new HttpError(403, `unexpected Host ${host}`);
  }
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const type = request.headers["content-type"] ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    throw new HttpError(415, "send the form as application/x-www-form-urlencoded");
  }
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, `form larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
