import type { AddressInfo } from "node:net";
import { createLocalServer } from "./server.ts";

const port = Number(process.env.PORT ?? 8002);
const host = process.env.HOST ?? "127.0.0.1";
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
