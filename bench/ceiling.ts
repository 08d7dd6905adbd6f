import { createServer } from "node:http";

// The ceiling: a bare node:http server answering one fixed JSON body with the service's headers,
// no routing, no logging. Run as its own process by the benchmark: `node bench/ceiling.ts` via tsx.
const BODY = '{"class":"valid"}';
const HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
};

const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, HEADERS);
  response.end(BODY);
});
server.listen(Number(process.env.PORT ?? 8003), "127.0.0.1");
process.once("SIGTERM", () => server.close(() => process.exit(0)));
