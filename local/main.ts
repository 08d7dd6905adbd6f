import type { AddressInfo } from "node:net";

// The local adapter's edge: settings read once here, each failure one line and exit code 1.
// Metrics are CloudWatch EMF, for AWS only; here they would be one more JSON line per request on
// stdout, so they are off unless asked for.
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
// Request lines go out every 20 ms in one write, not one synchronous write each (lambda/line-writer.ts).
process.env.REQUEST_LOG_FLUSH_SECONDS ??= "0.02";
const host = process.env.HOST || "127.0.0.1";
const port = portFromEnv(process.env.PORT);

function portFromEnv(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 8002;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535)
    fail(`PORT must be a port number 0-65535, not ${JSON.stringify(raw)}`);
  return port;
}

function fail(message: string): never {
  console.error(`sr-match: ${message}`);
  process.exit(1);
}

const { createLocalServer } = await import("./server.ts").catch((error: Error) =>
  fail(`cannot start: ${error.message}`),
);
const server = createLocalServer();
server.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EADDRINUSE")
    fail(`${host}:${port} is already in use; stop what runs there or set PORT`);
  if (error.code === "EACCES") fail(`no permission to listen on ${host}:${port}; use a PORT above 1023`);
  if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND")
    fail(`HOST ${host} is not an address of this machine`);
  fail(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`);
});
server.listen(port, host, () => {
  const { address, port: bound } = server.address() as AddressInfo;
  console.log(`sr-match listening on http://${address}:${bound}`);
});

// Stop accepting, finish the requests in flight, then exit; keep-alive clients are cut at once, and
// whatever is still open after 3 s is dropped. `npm start` runs this process directly (node, not
// tsx's wrapper), so the signal npm's child gets is this one.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, 3_000).unref();
  });
}
