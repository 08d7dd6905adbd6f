import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lineWriter, MAX_PENDING_CHARS } from "./line-writer.ts";

const run = promisify(execFile);

/** A sink that keeps every write it is handed, one entry per write. */
function recorder() {
  const writes: string[] = [];
  return { writes, sink: (text: string) => void writes.push(text) };
}

describe("lineWriter", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes each line at once when the wait is 0 (Lambda)", () => {
    const { writes, sink } = recorder();
    const write = lineWriter(0, sink);
    write("a\n");
    write("b\n");
    expect(writes).toEqual(["a\n", "b\n"]);
  });

  it("holds lines for the wait, then writes them in order in one write", () => {
    vi.useFakeTimers();
    const { writes, sink } = recorder();
    const write = lineWriter(20, sink);
    write("a\n");
    write("b\n");
    vi.advanceTimersByTime(19);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(["a\nb\n"]);
    write("c\n");
    vi.advanceTimersByTime(20);
    expect(writes).toEqual(["a\nb\n", "c\n"]);
  });

  it("writes at once when what waits reaches the size cap", () => {
    vi.useFakeTimers();
    const { writes, sink } = recorder();
    const write = lineWriter(60_000, sink);
    const line = `${"x".repeat(1023)}\n`;
    for (let i = 0; i < MAX_PENDING_CHARS / line.length; i++) write(line);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(MAX_PENDING_CHARS);
  });

  it.each([
    ["process.exit", "process.exit(0);", 0],
    ["an uncaught error", "throw new Error('boom');", 1],
  ])("loses no waiting line when the process ends by %s", async (_how, end, code) => {
    const script = `
      const { lineWriter } = await import(${JSON.stringify(new URL("./line-writer.ts", import.meta.url).href)});
      const write = lineWriter(60_000);
      for (let i = 0; i < 3; i++) write("line " + i + "\\n");
      ${end}`;
    const outcome = await run(process.execPath, [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      script,
    ]).then(
      ({ stdout }) => ({ stdout, code: 0 }),
      (error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }),
    );
    expect(outcome).toEqual({ stdout: "line 0\nline 1\nline 2\n", code });
  });
});
