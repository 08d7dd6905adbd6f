/** Where text goes; by default the process's stdout. */
export type TextSink = (text: string) => void;

/** Pending text above this many characters is written at once, whatever the wait. */
export const MAX_PENDING_CHARS = 64 * 1024;

/** The process's stdout, one `process.stdout.write` per text. */
export const toStdout: TextSink = (text) => {
  process.stdout.write(text);
};

/**
 * Writes log lines to `sink`. With `flushMs` 0 every line is written at once: in Lambda a line must
 * be out before the handler returns and the sandbox freezes. With more, lines wait up to `flushMs`
 * (or until MAX_PENDING_CHARS) and go out in one write: the local server's choice, where one
 * synchronous write per request took about 30 of its 112 µs of CPU per request (`npx tsx
 * bench/log-cost.ts`).
 * Whatever waits is written when the process exits, by `process.exit`, a signal the server handles
 * or an uncaught error; only a SIGKILL loses it.
 */
export function lineWriter(flushMs: number, sink: TextSink = toStdout): TextSink {
  if (flushMs <= 0) return sink;
  let pending = "";
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending === "") return;
    const text = pending;
    pending = "";
    sink(text);
  };
  process.on("exit", flush);
  return (line) => {
    pending += line;
    if (pending.length >= MAX_PENDING_CHARS) flush();
    else timer ??= setTimeout(flush, flushMs).unref();
  };
}
