/**
 * A progress line on stderr with the time since this logger was made:
 * `elapsedLog("dedupe: ")("sql candidates: 14.6 s")` prints `dedupe: [0:04:00] sql candidates: 14.6 s`.
 */
export function elapsedLog(prefix = ""): (text: string) => void {
  const started = performance.now();
  return (text) => console.error(`${prefix}[${clock(performance.now() - started)}] ${text}`);
}

/** Elapsed milliseconds as `h:mm:ss`, e.g. 3,725,000 ms as `1:02:05`. */
export function clock(ms: number): string {
  const total = Math.round(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(total / 3600)}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}
