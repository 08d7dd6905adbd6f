import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { openSync, readFileSync } from "node:fs";

/** A server process started for a benchmark, with its log in a file. */
export interface ServerProcess {
  url: string;
  pid: number;
  /** Current and peak resident set size of the server process, in MiB (from /proc). */
  rss(): { currentMiB: number; peakMiB: number };
  stop(): Promise<void>;
}

export interface ServerSpec {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  port: number;
  /** Path answered 200 once the server is ready, e.g. "/health". */
  readyPath: string;
  /** Where stdout and stderr go (the per-request log lines included). */
  logFile: string;
}

/** Starts a server and waits until `readyPath` answers 200 (up to 120 s). */
export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const log = openSync(spec.logFile, "a");
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ["ignore", log, log],
  });
  const url = `http://127.0.0.1:${spec.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${spec.command} exited with ${child.exitCode}; see ${spec.logFile}`);
    try {
      if ((await fetch(`${url}${spec.readyPath}`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${spec.command} not ready after 120 s; see ${spec.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, pid: child.pid as number, rss: () => rssOf(child.pid as number), stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

function rssOf(pid: number): { currentMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { currentMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
}
