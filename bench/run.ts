import { spawn } from "node:child_process";

/** Output of a finished command. */
export interface RunOutput {
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion; rejects with its stderr when it exits non-zero. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunOutput> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve({ stdout, stderr, ms: performance.now() - started });
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${stderr.slice(-2000)}`));
    });
  });
}

/** The first capture group of `pattern` in `text` as a number; throws naming `what` when absent. */
export function grab(text: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`could not read ${what} from:\n${text.slice(-1000)}`);
  return Number(match[1]);
}
