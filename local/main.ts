import type { AddressInfo } from "node:net";

// The local adapter's edge: settings read once here. Metrics are CloudWatch EMF, for AWS only; here
// they would be one more JSON line per request on stdout, so they are off unless asked for.
process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
const port = Number(process.env.PORT ?? 8002);
const host = process.env.HOST ?? "127.0.0.1";
const { createLocalServer } = await import("./server.ts");
const server = createLocalServer();

server.listen(port, host, () => {
  const { address, port: bound } = server.address() as AddressInfo;
  console.log(`sr-match listening on http://${address}:${bound}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}
