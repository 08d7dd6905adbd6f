import { foldText, words } from "./text.ts";

/** A title split into the song's name, its version tags and the artists it features. */
export interface ParsedTitle {
  /** Folded song name without version tags or featured artists, e.g. "yesterday". */
  core: string;
  /** Folded title with version tags, without featured artists, e.g. "yesterday live". */
  full: string;
  /** Sorted words of the version tags that tell recordings apart, e.g. ["live"]; remaster notes excluded. */
  versionWords: string[];
  /** Raw names of artists featured in the title, e.g. ["Tish"]. */
  featured: string[];
}

const FEAT = /^\s*(?:feat\.?|ft\.?|featuring|with)\s+(.+)$/i;
const FEAT_INLINE = /\s+(?:feat\.?|ft\.?|featuring)\s+(.+)$/i;
const TAG_SEGMENT = /\(([^()]*)\)|\[([^[\]]*)\]|\{([^{}]*)\}/g;
const DASH_SUFFIX = /\s+[-–—]\s+(.+)$/;
/** Words of a tag that do not make another recording: remaster notes, years, formats. */
const NEUTRAL_TAG_WORDS = new Set([
  "remaster",
  "remastered",
  "remasters",
  "digitally",
  "digital",
  "version",
  "mono",
  "stereo",
  "original",
  "album",
  "single",
  "explicit",
  "clean",
  "from",
  "the",
  "of",
  "a",
  "and",
]);

/**
 * Parses a raw title into core name, version words and featured artists.
 * @example parseTitle("Song (feat. Tish) [Dance Edit]") // core "song", versionWords ["dance","edit"], featured ["Tish"]
 */
export function parseTitle(raw: string): ParsedTitle {
  const featured: string[] = [];
  const tags: string[] = [];
  let rest = raw.replace(TAG_SEGMENT, (_m, a?: string, b?: string, c?: string) => {
    const inner = a ?? b ?? c ?? "";
    const feat = FEAT.exec(inner);
    if (feat?.[1]) featured.push(...splitNames(feat[1]));
    else tags.push(inner);
    return " ";
  });
  const dash = DASH_SUFFIX.exec(rest);
  if (dash?.[1]) {
    tags.push(dash[1]);
    rest = rest.slice(0, dash.index);
  }
  const inlineFeat = FEAT_INLINE.exec(rest);
  if (inlineFeat?.[1]) {
    featured.push(...splitNames(inlineFeat[1]));
    rest = rest.slice(0, inlineFeat.index);
  }
  const core = foldText(rest);
  const tagText = foldText(tags.join(" "));
  const versionWords = [...new Set(words(tagText))].filter(
    (w) => !NEUTRAL_TAG_WORDS.has(w) && !/^\d+$/.test(w),
  );
  return { core, full: tagText ? `${core} ${tagText}` : core, versionWords: versionWords.sort(), featured };
}

function splitNames(text: string): string[] {
  return text.split(/\s*(?:,|&|\band\b|\bx\b)\s*/i).filter((name) => name.trim() !== "");
}
