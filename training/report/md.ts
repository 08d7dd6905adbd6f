import type { SoundRecording } from "../../lambda/recording.ts";

/** A Markdown table; cells are escaped so that `|` and line breaks cannot break the layout. */
export function table(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align?: string,
): string {
  const separator = header.map((_, i) => (align?.[i] === "r" ? "---:" : "---"));
  return [header, separator, ...rows.map((row) => row.map((c) => cell(String(c))))]
    .map((cells) => `| ${cells.join(" | ")} |`)
    .join("\n");
}

/** Escapes a table cell; `<br>` written by the caller is kept. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A number with 4 decimals, as train.ts prints metrics. */
export const f4 = (x: number): string => x.toFixed(4);

/** A share as a percentage with one decimal. */
export const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

/** One record in a table cell: title in bold, then artists, ISRCs and (shortened) contributors; `table` escapes it. */
export function recordCell(r: SoundRecording): string {
  const short = (text: string | null, max: number) => {
    const value = text === null || text === "" ? "∅" : text;
    return value.length > max ? `${value.slice(0, max - 1)}…` : value;
  };
  return [
    `**${short(r.title, 80)}**`,
    `artists: ${short(r.artists, 70)}`,
    `ISRC: ${short(r.isrcs, 40)}`,
    `contributors: ${short(r.contributors, 70)}`,
  ].join("<br>");
}
