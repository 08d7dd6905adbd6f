import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { writeFixtureArtifacts } from "../lambda/fixture-files.ts";

/** The real local server in a child process on a free port, serving the fixture artifacts. */
export interface RunningServer {
  child: ChildProcess;
  host: string;
  port: number;
  base: string;
  /** Everything the server printed so far. */
  output(): string;
}

/** Starts `local/main.ts` on port 0 and resolves once it says where it listens; for tests. */
export async function startServer(): Promise<RunningServer> {
  const { catalogPath, modelPath } = await writeFixtureArtifacts();
  const child = spawn(process.execPath, ["--import", "tsx", "local/main.ts"], {
    env: { ...process.env, PORT: "0", CATALOG_PATH: catalogPath, MODEL_PATH: modelPath },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const listening = /listening on http:\/\/(\S+):(\d+)/;
  while (!listening.test(output)) await once(child.stdout as NodeJS.ReadableStream, "data");
  const [, host = "", port = "0"] = listening.exec(output) as RegExpExecArray;
  return { child, host, port: Number(port), base: `http://${host}:${port}`, output: () => output };
}

/** Sends raw bytes, half-closes, resolves with everything the server wrote before closing. */
export function sendRaw(server: RunningServer, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, server.host, () => socket.end(bytes));
    let reply = "";
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
    });
    socket.on("close", () => resolve(reply));
    // A server may reset a connection it refuses; what it wrote before is the answer.
    socket.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "ECONNRESET" || error.code === "EPIPE" ? resolve(reply) : reject(error),
    );
  });
}
