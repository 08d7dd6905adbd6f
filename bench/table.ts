import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A figure and the target it is held to. */
export interface Target {
  name: string;
  value: string;
  target: string;
  met: boolean;
}

/** Formats rows as an aligned plain-text table; the first row is the header. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
  const [header, ...body] = rows;
  return [line(header ?? []), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/** Thousands-separated integer. */
export const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "n/a");
/** Fixed decimals, "n/a" for a missing figure. */
export const fix = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
/** a / b, NaN when either figure is missing or zero. */
export const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : NaN);

/** Writes the results as bench/results/<timestamp>.json and bench/results/latest.json. */
export function writeResults(dir: string, startedAt: Date, results: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  const text = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(dir, "latest.json"), text);
  return file;
}
