import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { writeFileWhole } from "./output-file.ts";

/** A pair of sr_ids, with its label when known. */
export interface Pair {
  q: string;
  m: string;
  tag?: "valid" | "invalid";
}

/**
 * Reads pairs from a CSV with a header naming `q_source_id` and `m_source_id` (extra columns ignored);
 * `tag` is read when present and must then be `valid` or `invalid`.
 */
export function readPairs(path: string): Pair[] {
  const rows = readCsvRows(path, ["q_source_id", "m_source_id"]);
  return rows.map((row, index) => {
    const pair: Pair = { q: row.q_source_id ?? "", m: row.m_source_id ?? "" };
    if (row.tag !== undefined) {
      if (row.tag !== "valid" && row.tag !== "invalid") {
        throw new RangeError(`${path}: line ${index + 2}: tag must be valid or invalid, not "${row.tag}"`);
      }
      pair.tag = row.tag;
    }
    return pair;
  });
}

/**
 * The rows of a CSV file with a header, as objects by column name. The header must name every
 * `required` column, checked as it is read (so a file of a header alone is checked too); the
 * parser's errors name the file.
 */
export function readCsvRows(path: string, required: readonly string[]): Record<string, string>[] {
  const columns = (header: string[]) => {
    if (!required.every((name) => header.includes(name)))
      throw new RangeError(`the header must name ${required.join(" and ")} (found ${header.join(",")})`);
    return header;
  };
  try {
    return parse(readFileSync(path), { columns, skip_empty_lines: true, bom: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // The file system's own errors name the path already; the parser's do not.
    throw code?.startsWith("E") && message.includes(path) ? error : new RangeError(`${path}: ${message}`);
  }
}

/** Writes rows as a CSV file with the given header, quoting only where needed; whole or not at all. */
export function writeCsv(
  path: string,
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
): void {
  writeFileWhole(path, stringify([header as unknown[], ...(rows as unknown[][])]));
}

/** Labelled pairs as groundtruth CSV text: header `q_source_id,m_source_id,tag`, minimal quoting. */
export function pairsCsv(pairs: readonly Pair[]): string {
  return stringify([["q_source_id", "m_source_id", "tag"], ...pairs.map((p) => [p.q, p.m, p.tag ?? ""])]);
}

/** Writes labelled pairs in the groundtruth format `q_source_id,m_source_id,tag`; whole or not at all. */
export function writePairs(path: string, pairs: readonly Pair[]): void {
  writeFileWhole(path, pairsCsv(pairs));
}
