import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One labelled pair of the benchmark: both records as attribute → value, label 1 = match. */
export interface ItunesPair {
  left: Record<string, string>;
  right: Record<string, string>;
  label: number;
  /** The line as read, to spot pairs that appear in more than one split. */
  line: string;
}

/** The three files of the benchmark's Structured folder. */
export const SPLIT_FILES = ["train.txt", "valid.txt", "test.txt"] as const;

/**
 * Parses one serialised record `COL <attr> VAL <value> COL ...` into attribute → value, undoing the
 * serialiser's tokenisation ("( feat . X )" → "(feat. X)") so titles read as a catalog would hold them.
 * @example parseRecord("COL Song_Name VAL Hello ( feat . X ) COL Time VAL 3:55") // { Song_Name: "Hello (feat. X)", Time: "3:55" }
 */
export function parseRecord(text: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const part of text.split(/(?:^|\s)COL (?=\S+ VAL )/)) {
    const match = /^(\S+) VAL ?(.*)$/s.exec(part.trim());
    if (match?.[1]) record[match[1]] = detokenize(match[2] ?? "");
  }
  return record;
}

/** Joins punctuation the serialiser split off: no space after an opening or before a closing mark. */
export function detokenize(value: string): string {
  return value
    .replace(/([([{])\s+/g, "$1")
    .replace(/\s+([)\]},.!?:]|'(?=[a-z]))/gi, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** Parses a line `<left>\t<right>\t<0|1>`; throws RangeError naming the line when malformed. */
export function parseLine(line: string, where = "line"): ItunesPair {
  const fields = line.split("\t");
  const label = fields[2]?.trim();
  if (fields.length !== 3 || (label !== "0" && label !== "1")) {
    throw new RangeError(`${where}: expected <left>\\t<right>\\t<0|1>`);
  }
  return {
    left: parseRecord(fields[0] ?? ""),
    right: parseRecord(fields[1] ?? ""),
    label: Number(label),
    line,
  };
}

/** Reads one split file of the benchmark folder. */
export function readSplit(dir: string, file: (typeof SPLIT_FILES)[number]): ItunesPair[] {
  return readFileSync(join(dir, file), "utf8")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line, i) => parseLine(line, `${file}:${i + 1}`));
}
