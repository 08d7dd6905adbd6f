import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { SoundRecording } from "../../lambda/recording.ts";

/** Where CI and developers keep the benchmark: `../shared/datasets/musicbrainz-20k/` from the project root. */
export const MUSICBRAINZ_20K_CSV = join(
  process.cwd(),
  "..",
  "shared",
  "datasets",
  "musicbrainz-20k",
  "musicbrainz_20k.csv",
);

/**
 * The training fingerprint of a model fitted on MusicBrainz 20K: `musicbrainz-20k:` and the SHA-256
 * of the CSV it read, so a bench can tell such a prior from one fitted elsewhere.
 */
export function musicBrainzFingerprint(path = MUSICBRAINZ_20K_CSV): string {
  return `musicbrainz-20k:${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
}

/** A MusicBrainz 20K record in the catalog's data model, with its ground-truth cluster and source. */
export interface MusicBrainzRecord extends SoundRecording {
  /** Ground-truth cluster (`CID`): records of one cluster are the same recording. */
  cluster: string;
  /** Source 1-5; each source is duplicate-free. */
  source: string;
  language: string | null;
}

/** Values the sources write for "unknown". */
const MISSING = new Set(["", "null", "[unknown]", "unk.", "unknown"]);

/** The value, or null when the source wrote one of its "unknown" spellings. */
export function present(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return MISSING.has(trimmed.toLowerCase()) ? null : trimmed;
}

/**
 * What a plain integer length means: seconds or milliseconds, as the source writes all its lengths,
 * or a guess from the number alone (10,000 and above read as milliseconds).
 */
export type IntegerUnit = "seconds" | "milliseconds" | "guess";

/**
 * A duration as the five sources write it, in milliseconds, or null: `04:04` (m:ss), `219` (s),
 * `321266` (ms), `4.367` (minutes), `1m 58sec`; zero reads as missing.
 */
export function durationMs(value: string | undefined, integers: IntegerUnit = "guess"): number | null {
  const ms = parseDuration(present(value), integers);
  return ms !== null && ms > 0 ? ms : null;
}

/**
 * Each source's unit of plain integer lengths, read from the median of all it wrote: a source of
 * milliseconds writes a 9-second link as `9000`, which the guess alone reads as 2½ hours (38 of
 * source 5's records, whose median is 221,000).
 */
export function integerUnits(rows: readonly Record<string, string>[]): Map<string, IntegerUnit> {
  const integers = new Map<string, number[]>();
  for (const row of rows) {
    const text = row.length?.trim() ?? "";
    if (!/^\d+$/.test(text)) continue;
    const source = row.SourceID ?? "";
    const values = integers.get(source);
    if (values) values.push(Number(text));
    else integers.set(source, [Number(text)]);
  }
  const units = new Map<string, IntegerUnit>();
  for (const [source, values] of integers) {
    const sorted = values.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] as number;
    units.set(source, median >= 10_000 ? "milliseconds" : "seconds");
  }
  return units;
}

/** A zero length (`00:00`) is how some sources write "unknown"; durationMs reads it as missing. */
function parseDuration(text: string | null, integers: IntegerUnit): number | null {
  if (text === null) return null;
  let match = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(text);
  if (match) {
    const [h, m, s] = match[3] === undefined ? [0, match[1], match[2]] : [match[1], match[2], match[3]];
    return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000;
  }
  match = /^(\d+)\s*m\s*(\d+)\s*s(?:ec)?$/i.exec(text);
  if (match) return (Number(match[1]) * 60 + Number(match[2])) * 1000;
  if (/^\d+\.\d+$/.test(text)) return Math.round(Number(text) * 60_000);
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (integers === "guess") return n >= 10_000 ? n : n * 1000;
    return integers === "milliseconds" ? n : n * 1000;
  }
  return null;
}

/**
 * A year as the sources write it (`2005`, `05`, `'05`), as four digits, or null. Two digits read as
 * 19xx from 30 up and 20xx below, the usual pivot for recorded music.
 */
export function fourDigitYear(value: string | undefined): number | null {
  const text = present(value)?.replace(/^'/, "");
  if (!text || !/^\d{2}(\d{2})?$/.test(text)) return null;
  const n = Number(text);
  if (text.length === 4) return n;
  return n >= 30 ? 1900 + n : 2000 + n;
}

/**
 * Reads the benchmark's CSV into catalog records (sr_id = `TID`), fields mapped as the sources wrote
 * them (rows shifted one column right put back, see {@link unshift}): `title` → title (still carrying
 * whatever a source put there: artist, album, track number),
 * `artist` → artists, `album` (a trailing `(year)` split off, see {@link albumAndYear}), `length` →
 * duration_ms, `year`; no ISRC or contributors.
 */
export function readMusicBrainz20k(path = MUSICBRAINZ_20K_CSV): MusicBrainzRecord[] {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (error) {
    throw new Error(
      `MusicBrainz 20K not found at ${path} (${(error as NodeJS.ErrnoException).code}); ` +
        "it is read in place from ../shared/datasets/musicbrainz-20k/",
    );
  }
  const rows = (
    parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[]
  ).map(unshift);
  const units = integerUnits(rows);
  return rows.map((row) => {
    const album = albumAndYear(row.album);
    return {
      sr_id: row.TID ?? "",
      title: present(row.title),
      artists: present(row.artist),
      isrcs: null,
      contributors: null,
      album: album.album,
      duration_ms: durationMs(row.length, units.get(row.SourceID ?? "")),
      year: fourDigitYear(row.year) ?? album.year,
      cluster: row.CID ?? "",
      source: row.SourceID ?? "",
      language: present(row.language),
    };
  });
}

/**
 * The album without the year one source appends to it (`Level_eins.3 (2007)`, `Hooked (unknown)`),
 * and that year, which then fills a missing year column.
 * @example albumAndYear("Hooked (1989)") // { album: "Hooked", year: 1989 }
 */
export function albumAndYear(value: string | undefined): { album: string | null; year: number | null } {
  const album = present(value);
  const match = album === null ? null : /^(.*?)\s*\((\d{4}|unknown)\)$/.exec(album);
  if (!match) return { album, year: null };
  return { album: present(match[1]), year: match[2] === "unknown" ? null : Number(match[2]) };
}

/** The columns after `SourceID`, in order. */
const SHIFTING = ["id", "number", "title", "length", "artist", "album", "year", "language"] as const;

/**
 * A row whose fields after `SourceID` sit one column to the right (an empty field was written before
 * the source's id: `id` is empty and `number` holds the id, e.g. `MBox3093886-HH`, while the title
 * sits under `length` and the duration under `artist`; 36 rows of the CSV), moved back in place; the
 * last field (`language`) was lost. Track numbers are at most 4 characters (`011`, `0A3`, `1 1`), a
 * source id is longer; any other row is returned as it is.
 */
export function unshift(row: Record<string, string>): Record<string, string> {
  if ((row.id ?? "") !== "" || (row.number ?? "").length <= 4) return row;
  const out = { ...row };
  SHIFTING.forEach((column, i) => {
    out[column] = row[SHIFTING[i + 1] as string] ?? "";
  });
  return out;
}

/** Every pair of records inside one ground-truth cluster, as `a|b` keys with a < b by number. */
export function truePairs(records: readonly MusicBrainzRecord[]): Set<string> {
  const byCluster = new Map<string, string[]>();
  for (const r of records) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r.sr_id]);
  const pairs = new Set<string>();
  for (const ids of byCluster.values()) {
    ids.sort((a, b) => Number(a) - Number(b));
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) pairs.add(`${ids[i]}|${ids[j]}`);
  }
  return pairs;
}
