import { parseIsrcs } from "./isrc.ts";
import { artistWords, contributorWords, type NameWords } from "./names.ts";
import { parseTitle } from "./title.ts";

/** A row of the `soundrecording` table as stored. */
export interface SoundRecording {
  sr_id: string;
  title: string | null;
  artists: string | null;
  isrcs: string | null;
  contributors: string | null;
}

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
