import { parseIsrcs } from "./isrc.ts";
import { artistWords, contributorWords, type NameWords } from "./names.ts";
import { parseTitle } from "./title.ts";

/**
 * A row of the `soundrecording` table as stored. The first five fields are the catalog's format; the
 * optional ones are read when a richer catalog carries those columns, and are *missing* otherwise.
 */
export interface SoundRecording {
  sr_id: string;
  title: string | null;
  artists: string | null;
  isrcs: string | null;
  contributors: string | null;
  /** Album or release title, as the source spells it. */
  album?: string | null;
  /** Duration in milliseconds. */
  duration_ms?: number | null;
  /** Year of release, four digits. */
  year?: number | null;
}

/** The optional columns a catalog may add to the required five, in this order. */
export const OPTIONAL_COLUMNS = ["album", "duration_ms", "year"] as const;

/** A recording with every field normalised once, so that comparing two costs no parsing. */
export interface PreparedRecording {
  raw: SoundRecording;
  titleCore: string;
  titleFull: string;
  versionWords: readonly string[];
  artists: NameWords;
  contributors: NameWords;
  isrcs: readonly string[];
}

/** Normalises a stored recording for comparison; pure and deterministic. */
export function prepareRecording(raw: SoundRecording): PreparedRecording {
  const title = parseTitle(raw.title ?? "");
  return {
    raw,
    titleCore: title.core,
    titleFull: title.full,
    versionWords: title.versionWords,
    artists: artistWords(raw.artists, title.featured),
    contributors: contributorWords(raw.contributors),
    isrcs: parseIsrcs(raw.isrcs),
  };
}
