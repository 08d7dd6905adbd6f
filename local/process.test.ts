import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { connect, createServer } from "node:net";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { writeFixtureArtifacts } from "../lambda/fixture-files.ts";
import { createLocalServer } from "./server.ts";

// The local server as a process: how it starts, fails to start, and stops.
const run = promisify(execFile);

/** The pids of a process's children, from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", () => resolve(true));
  });
}

async function startFails(env: Record<string, string>) {
  const failure = run(process.execPath, ["--import", "tsx", "local/main.ts"], {
    env: { ...process.env, ...env },
  });
  const error = (await failure.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code: number; stderr: string } | undefined;
  expect(error).toBeDefined();
  return error as { code: number; stderr: string };
}

describe("the local server process", () => {
  it("stops, with everything npm start started, on SIGTERM to the process npm launched", async () => {
    const { catalogPath, modelPath } = await writeFixtureArtifacts();
    const npm = spawn("npm", ["start", "--silent"], {
      env: { ...process.env, PORT: "0", CATALOG_PATH: catalogPath, MODEL_PATH: modelPath },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    npm.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const listening = /listening on http:\/\/[^:]+:(\d+)/;
    while (!listening.test(output)) await once(npm.stdout as NodeJS.ReadableStream, "data");
    const port = Number(listening.exec(output)?.[1]);
    const launched = childrenOf(npm.pid as number);
    expect(launched).toHaveLength(1);
    const everything = [launched[0] as number, ...childrenOf(launched[0] as number)];

    process.kill(launched[0] as number, "SIGTERM");
    const [code] = await once(npm, "exit");
    expect(code).toBe(0);
    expect(everything.filter(alive)).toEqual([]);
    expect(await refused(port)).toBe(true);
  });

  it.each(["abc", "-1", "70000", "80.5"])("refuses PORT=%s with one line and exit code 1", async (value) => {
    const { code, stderr } = await startFails({ PORT: value });
    expect(code).toBe(1);
    expect(
      stderr
        .trim()
        .split("\n")
        .filter((line) => !line.includes("NodeVersionSupportWarning")),
    ).toEqual([`sr-match: PORT must be a port number 0-65535, not "${value}"`]);
  });

  it("says in one line that the port is in use, without a stack trace", async () => {
    const taken = createServer();
    taken.listen(0, "127.0.0.1");
    await once(taken, "listening");
    const { port } = taken.address() as AddressInfo;
    try {
      const { code, stderr } = await startFails({ PORT: String(port) });
      expect(code).toBe(1);
      expect(stderr).toContain(
        `sr-match: 127.0.0.1:${port} is already in use; stop what runs there or set PORT`,
      );
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });
});

describe("the local server's header timeout", () => {
  it("closes a connection that never finishes its headers (the timeout really applies)", async () => {
    const server = createLocalServer({ headersMs: 300, checkEveryMs: 50 });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const socket = connect((server.address() as AddressInfo).port, "127.0.0.1");
      await once(socket, "connect");
      socket.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      let reply = "";
      socket.on("data", (chunk) => {
        reply += chunk.toString();
      });
      // node checks timeouts only every connectionsCheckingInterval (30 s unless set): the close must
      // come long before that.
      const closed = await Promise.race([
        once(socket, "close").then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 5_000)),
      ]);
      socket.destroy();
      expect(closed).toBe(true);
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      expect(reply.endsWith('{"error":"request not received in time"}')).toBe(true);
    } finally {
      server.close();
    }
  });

  it("defaults to 10 s for headers, checked every second", () => {
    const server = createLocalServer();
    expect(server.headersTimeout).toBe(10_000);
    expect(server.requestTimeout).toBe(30_000);
  });
});
