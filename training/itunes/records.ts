import { extractFeatures } from "../../lambda/features.ts";
import { prepareRecording, type SoundRecording } from "../../lambda/recording.ts";
import type { Example } from "../dataset.ts";
import type { ItunesPair } from "./parse.ts";

/**
 * Maps a benchmark record into the service's data model: Song_Name → title, Artist_Name → artists,
 * and with `optional` Album_Name → album, Time → duration_ms, Released → year (the catalog's
 * optional columns). The benchmark carries no ISRC or contributors, so both are missing, as the
 * features allow. Genre, price and copyright have no column and are left out.
 */
export function toSoundRecording(
  record: Record<string, string>,
  srId: string,
  optional = false,
): SoundRecording {
  const recording: SoundRecording = {
    sr_id: srId,
    title: record.Song_Name ?? null,
    artists: record.Artist_Name ?? null,
    isrcs: null,
    contributors: null,
  };
  if (!optional) return recording;
  const duration = seconds(record.Time);
  return {
    ...recording,
    album: record.Album_Name || null,
    duration_ms: duration === undefined ? null : duration * 1000,
    year: releaseYear(record.Released),
  };
}

/** The year of a release date as either side writes it ("18-May-15", "May 18, 2015"); null when absent. */
export function releaseYear(date: string | undefined): number | null {
  const match = /(?:^|\D)(\d{4}|\d{2})\s*$/.exec(date?.trim() ?? "");
  if (!match?.[1]) return null;
  const n = Number(match[1]);
  if (match[1].length === 4) return n;
  return n >= 30 ? 1900 + n : 2000 + n;
}

/** "m:ss" or "h:mm:ss" → seconds; undefined when absent or malformed. */
export function seconds(time: string | undefined): number | undefined {
  if (!time || !/^\d+(?::\d{1,2}){1,2}$/.test(time.trim())) return undefined;
  return time
    .trim()
    .split(":")
    .reduce((total, part) => total * 60 + Number(part), 0);
}

/**
 * Benchmark pairs as training examples with the service's own features (ids `<split>-<n>-l/r`);
 * with `optional` the records carry album, duration and year as optional columns.
 */
export function toExamples(pairs: readonly ItunesPair[], split: string, optional = false): Example[] {
  return pairs.map((pair, i) => {
    const q = toSoundRecording(pair.left, `${split}-${i}-l`, optional);
    const m = toSoundRecording(pair.right, `${split}-${i}-r`, optional);
    return {
      pair: { q: q.sr_id, m: m.sr_id, tag: pair.label === 1 ? "valid" : "invalid" },
      features: extractFeatures(prepareRecording(q), prepareRecording(m)),
      label: pair.label,
    };
  });
}
