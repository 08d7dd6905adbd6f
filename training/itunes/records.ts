import { extractFeatures } from "../../lambda/features.ts";
import { prepareRecording, type SoundRecording } from "../../lambda/recording.ts";
import { stringSimilarity } from "../../lambda/similarity.ts";
import { parseTitle } from "../../lambda/title.ts";
import type { Example } from "../dataset.ts";
import type { ItunesPair } from "./parse.ts";

/** Names of the optional columns, appended after FEATURE_NAMES in the extended rows only. */
export const OPTIONAL_FEATURES = ["album_sim", "duration_close"] as const;

/** A benchmark pair as the service sees it, plus its optional-column features. */
export interface ItunesExample extends Example {
  optional: number[];
}

/**
 * Maps a benchmark record into the service's data model: Song_Name → title, Artist_Name → artists.
 * The benchmark carries no ISRC or contributors, so both are missing, as the features allow.
 */
export function toSoundRecording(record: Record<string, string>, srId: string): SoundRecording {
  return {
    sr_id: srId,
    title: record.Song_Name ?? null,
    artists: record.Artist_Name ?? null,
    isrcs: null,
    contributors: null,
  };
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
 * Optional-column features any catalog could carry, each in [0, 1]: album-name similarity (edition
 * tags stripped) and duration closeness (1 = equal, 0 = 30 s or more apart, or unknown).
 */
export function optionalFeatures(left: Record<string, string>, right: Record<string, string>): number[] {
  const album = (r: Record<string, string>) => parseTitle(r.Album_Name ?? "").core;
  const [a, b] = [seconds(left.Time), seconds(right.Time)];
  const durationClose = a === undefined || b === undefined ? 0 : Math.max(0, 1 - Math.abs(a - b) / 30);
  return [stringSimilarity(album(left), album(right)), durationClose];
}

/** Benchmark pairs as training examples with the service's own features (ids `<split>-<n>-l/r`). */
export function toExamples(pairs: readonly ItunesPair[], split: string): ItunesExample[] {
  return pairs.map((pair, i) => {
    const q = toSoundRecording(pair.left, `${split}-${i}-l`);
    const m = toSoundRecording(pair.right, `${split}-${i}-r`);
    return {
      pair: { q: q.sr_id, m: m.sr_id, tag: pair.label === 1 ? "valid" : "invalid" },
      features: extractFeatures(prepareRecording(q), prepareRecording(m)),
      label: pair.label,
      optional: optionalFeatures(pair.left, pair.right),
    };
  });
}
