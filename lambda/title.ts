import { movementMarks, SECTIONS, sequenceMarks } from "./sequence.ts";
import { distinct, sortStrings } from "./short-lists.ts";
import { correction } from "./spelling.ts";
import { FAMILY_WORD_LIST, hasFamilyPhrase, isFamilyWord, tagMarkers, withoutFamilyPhrases } from "./tags.ts";
import { foldText, words } from "./text.ts";

/** A title split into the song's name, its version tags and the artists it features. */
export interface ParsedTitle {
  /** Folded song name without tags, featured artists or a track-number prefix, e.g. "yesterday". */
  core: string;
  /** Folded title with its version tags, without featured artists, e.g. "yesterday live". */
  full: string;
  /**
   * The other half of a dash split that carries no version word ("Artist - Title", "Title - Album"):
   * which half is the song's name cannot be told from the title alone; "" when none.
   */
  alt: string;
  /** Sorted descriptive words of the version tags, families excluded, e.g. ["purple"] for "(Purple Mix)". */
  versionWords: string[];
  /** Tag-family markers of every tag, e.g. ["edit_mix:mix"]; see tags.ts. */
  markers: string[];
  /** Sequence marks (Part 2, Vol. II, Reprise), e.g. ["part:2"]; see sequence.ts. */
  sequence: string[];
  /** Words of tags that name no version (an album, a source's note), kept for whole-record comparison. */
  extraWords: string[];
  /** Raw names of artists featured in the title, e.g. ["Tish"]. */
  featured: string[];
  /** In an artist-first reading ("Artist - Title"), the text before the dash as written; "" otherwise. */
  artistText: string;
}

const FEAT = /^\s*(?:feat\.?|ft\.?|featuring|with)\s+(.+)$/i;
const FEAT_INLINE = /\s+(?:feat\.?|ft\.?|featuring)\s+(.+)$/i;
/** A bracketed note, which may hold one bracket more ("(Album Version (Edited))"): two notes. */
const TAG_SEGMENT = /\(([^()]*(?:\([^()]*\)[^()]*)*)\)|\[([^[\]]*(?:\[[^[\]]*\][^[\]]*)*)\]|\{([^{}]*)\}/g;
/** A bracket inside a note's bracket. */
const INNER_BRACKET = /\(([^()]*)\)|\[([^[\]]*)\]/g;
const DASH_SUFFIX = /(?:^|\s+)[-–—]\s+(.+)$/;
/** A run of dashes spaced on one side only ("Artist- Title", "Artist  -Title", "Artist -- Title"). */
const LOOSE_DASH = /^(.*?\S)(?:\s+[-–—]+|[-–—]+\s+)\s*(\S.*)$/;
/** The last spaced dash and the text after it. */
const LAST_DASH_SUFFIX = /(?:^|\s+)[-–—]\s+((?:(?!\s[-–—]\s).)+)$/;
/** A track number written before the title: "007-Street Hype", "03. Song", "7) Song". */
const TRACK_PREFIX = /^\s*\d{1,3}\s*[-._)]\s*(?=\p{L})/u;
/** A title that is only a track number ("007-", "03."): the source wrote no name. */
const TRACK_ONLY = /^\s*\d{1,3}\s*[-._)][^\p{L}\p{N}]*$/u;
/**
 * Text between two brackets that makes the later one another field's: two letters or digits in a row
 * (a typo's stray letter is not).
 */
const FIELD_TEXT = /[\p{L}\p{N}]{2}/u;
/** Text between brackets that the title's own parsing reads: a movement after a colon, a dash suffix. */
const NAME_GOES_ON = /^\s*(?::|[-–—]\s)/;
/** Any letter or digit: a bracket after none opens the title. */
const NAMED = /[\p{L}\p{N}]/u;
/** Version words that mark a version even outside brackets ("Song Remix"); few songs are named with them. */
const BARE_VERSION = /\b(?:remix|remixed)\b/g;
/** Function words that describe no version. */
const FUNCTION_WORDS = new Set([
  "the",
  "of",
  "a",
  "an",
  "and",
  "at",
  "in",
  "on",
  "by",
  "version",
  "from",
  "for",
]);

/** The words a tag's typos are read against: tag-family words and section words. */
export const TAG_VOCABULARY: ReadonlySet<string> = new Set([...FAMILY_WORD_LIST, ...SECTIONS]);

/**
 * A folded tag with each misspelled tag-family or section word written right, so that "(Radioo Miix)"
 * and "(Radio Mix)" carry the same tags; see spelling.ts.
 * @example spellTag("full miix") // "full mix"
 */
function spellTag(folded: string): string {
  return words(folded)
    .map((word) => correction(word, TAG_VOCABULARY) ?? word)
    .join(" ");
}

/**
 * Whether a spelled dash suffix is a version note ("Radio Edit", "Live at Wembley", "2011 Remaster",
 * "Acoustic Version", "From the Motion Picture") rather than a name that happens to hold a family
 * word ("Complete Piano Music", "Serenade for Strings No. 13", an album or the song itself): a note
 * opens or closes with a family word or a year (a closing "Version" aside) or holds a family phrase.
 * @example isVersionNote("complete piano music") // false
 */
function isVersionNote(spelled: string): boolean {
  const list = words(spelled);
  const last = list.length > 1 && list.at(-1) === "version" ? list.at(-2) : list.at(-1);
  return [list[0], last].some((word) => word !== undefined && isFamilyWord(word)) || hasFamilyPhrase(spelled);
}

/**
 * Whether a spelled dash suffix is read as a version note. The one dash of a record without artists
 * (`artistDash`) splits "Artist - Title": only a note made of nothing but family words, years,
 * function words and "original" ("Radio Edit", "2009 Remaster", "From the Motion Picture", "Original
 * Mix") is read off it, so that "Josh Gracin - I Want to Live" and "Mozart - Concert for Harp" keep
 * their song.
 */
function readsAsNote(spelled: string, artistDash: boolean): boolean {
  if (!isVersionNote(spelled)) return false;
  return (
    !artistDash ||
    words(spelled).every((word) => isFamilyWord(word) || FUNCTION_WORDS.has(word) || word === "original")
  );
}

/**
 * Parses a raw title into core name, version tags, sequence marks and featured artists. Dash
 * segments that are version notes are read off the end first ("Song - Album - Remastered"); what
 * remains splits at its first dash into the song's name and the other half (`alt`). With
 * `artistFirst` (a record whose artists field names no one) that split reads as "Artist - Title":
 * the song's name is the second half and `artistText` the first. A bracket that follows text written
 * after an earlier bracket, and every bracket after it ("Song (feat. X) Album Name (Deluxe)": another
 * field run into the title), gives extra words, not version tags; a `feat.` bracket there still
 * names a guest. Text after a colon or a spaced dash, and a bracket that opens the title, do not
 * count (see NAME_GOES_ON, NAMED).
 * @example parseTitle("Song (feat. Tish) [Dance Edit]") // core "song", versionWords ["dance"], markers ["edit_mix:edit"], featured ["Tish"]
 * @example parseTitle("Nico - Slow Down - Remastered", true) // core "slow down", artistText "Nico", markers ["remaster:remastered"]
 */
export function parseTitle(raw: string, artistFirst = false): ParsedTitle {
  const featured: string[] = [];
  /** Folded and spelled (spellTag) tags. */
  const tags: string[] = [];
  /** The first bracket that holds no `feat.`, folded: the name of a title that is nothing else. */
  let firstNote: string | undefined;
  /**
   * Words of tags that name no version, and of brackets that follow text written after an earlier
   * bracket (another field's, not tags).
   */
  const extraWords: string[] = [];
  let later = false;
  let bracketEnd = -1;
  /** One bracket's text: a guest list, another field's words (after `later`) or a tag. */
  const readNote = (inner: string) => {
    const feat = FEAT.exec(inner);
    if (feat?.[1]) featured.push(...splitNames(feat[1]));
    else if (later) extraWords.push(...words(foldText(inner)));
    else {
      const note = foldText(inner);
      firstNote ??= note;
      tags.push(spellTag(note));
    }
  };
  // A source that writes underscores for spaces ("Carl_Philipp_Emanuel_Bach_-_Auf") writes words all the same.
  let rest = raw
    .replace(/_/g, " ")
    .replace(TRACK_ONLY, "")
    .replace(TRACK_PREFIX, "")
    .replace(TAG_SEGMENT, (m: string, a?: string, b?: string, c?: string, at = 0, text = "") => {
      const between = bracketEnd >= 0 ? text.slice(bracketEnd, at) : "";
      later ||= FIELD_TEXT.test(between) && !NAME_GOES_ON.test(between);
      // A bracket that opens the title ("(I Can't Get No) Satisfaction") is part of the song's name.
      if (NAMED.test(text.slice(0, at))) bracketEnd = at + m.length;
      // A bracket inside the note is a note of its own: "(A (B))" reads as "(A) (B)".
      const whole = a ?? b ?? c ?? "";
      if (!/[([]/.test(whole)) readNote(whole);
      else {
        const inner: string[] = [];
        const outer = whole.replace(INNER_BRACKET, (_m: string, x?: string, y?: string) => {
          inner.push(x ?? y ?? "");
          return " ";
        });
        for (const part of [outer, ...inner]) if (part.trim() !== "") readNote(part.trim());
      }
      return " ";
    });
  // The first bracket, when it names no version: the song's name if nothing else is ("[untitled]").
  const bracketName =
    firstNote !== undefined && tagMarkers(tags[0] ?? "").length === 0 ? firstNote : undefined;
  for (let note = LAST_DASH_SUFFIX.exec(rest); note?.[1]; note = LAST_DASH_SUFFIX.exec(rest)) {
    const before = rest.slice(0, note.index);
    const spelled = spellTag(foldText(note[1]));
    if (foldText(before) === "" || !readsAsNote(spelled, artistFirst && !DASH_SUFFIX.test(before))) break;
    tags.push(spelled);
    rest = before;
  }
  let alt = "";
  let artistText = "";
  const dash = DASH_SUFFIX.exec(rest) ?? (artistFirst ? looseDash(rest) : null);
  if (dash?.[1]) {
    const before = rest.slice(0, dash.index);
    const spelled = spellTag(foldText(dash[1]));
    if (foldText(before) === "") rest = dash[1];
    else if (readsAsNote(spelled, artistFirst)) {
      tags.push(spelled);
      rest = before;
    } else if (artistFirst && (foldText(dash[1]) !== "" || bracketName !== undefined)) {
      // "Artist - Title", or "Artist - [untitled]"; "Title - (Live)" is a title and its note.
      artistText = before.trim();
      alt = foldText(before);
      rest = dash[1];
    } else {
      alt = foldText(dash[1]);
      rest = before;
    }
  }
  const inlineFeat = FEAT_INLINE.exec(rest);
  if (inlineFeat?.[1]) {
    featured.push(...splitNames(inlineFeat[1]));
    rest = rest.slice(0, inlineFeat.index);
  }
  let core = foldText(rest);
  // Nothing but brackets is a name in brackets: MusicBrainz writes `[untitled]`, `[silence]` and
  // `[intro]` so, and a source may bracket a whole title.
  if (core === "" && bracketName) {
    core = bracketName;
    tags.splice(0, 1);
  }
  const markers: string[] = [];
  const versionTags: string[] = [];
  const descriptive: string[] = [];
  for (const folded of tags) {
    const found = tagMarkers(folded);
    if (found.length > 0) {
      markers.push(...found);
      versionTags.push(folded);
      descriptive.push(...words(withoutFamilyPhrases(folded)));
    } else extraWords.push(...words(folded));
  }
  // A remix written without brackets ("We Dem Boyz Remix (feat. …)") names its version all the same.
  for (const bare of core.match(BARE_VERSION) ?? []) markers.push(...tagMarkers(bare));
  const versionText = versionTags.join(" ");
  const versionWords = distinct(descriptive).filter(
    (w) => !isFamilyWord(w) && !FUNCTION_WORDS.has(w) && !/^\d+$/.test(w),
  );
  return {
    core,
    full: versionText ? `${core} ${versionText}` : core,
    alt,
    versionWords: sortStrings(versionWords),
    markers: sortStrings(distinct(markers)),
    sequence: sequenceOf(core, rest, alt, tags),
    extraWords,
    featured,
    artistText,
  };
}

/** LOOSE_DASH as a DASH_SUFFIX match: the text after the dash in [1], where the dash starts at `index`. */
function looseDash(text: string): { 1: string; index: number } | null {
  const match = LOOSE_DASH.exec(text);
  return match?.[1] && match[2] ? { 1: match[2], index: match[1].length } : null;
}

/** A trailing segment of a title ("Song - Album", "Song (Album)") and the title before it. */
export interface TitleSegment {
  /** The segment's text as written, e.g. "Essential Underground, Volume 9". */
  segment: string;
  /** The title before it, e.g. "Rocker". */
  rest: string;
  /** True for text after a spaced dash, false for a bracketed part. */
  dash: boolean;
}

/** A spaced dash: the separator of "Song - Album". */
const SPACED_DASH = /\s[-–—]\s/g;
const CLOSING_OF: Record<string, string> = { "(": ")", "[": "]" };
/** At most this many segments are offered per title (a dash-heavy classical title has more). */
const MAX_SEGMENTS = 3;

/**
 * The trailing segments a source may have filled from another field: the text after each spaced
 * dash outside brackets, then the last bracketed part. Whether one names the album is for the
 * caller to tell, against an album field. A title with neither gives [].
 * @example trailingSegments("Rocker - Essential Underground, Volume 9") // [{ segment: "Essential Underground, Volume 9", rest: "Rocker" }]
 */
export function trailingSegments(raw: string): TitleSegment[] {
  const found: TitleSegment[] = [];
  for (const dash of raw.matchAll(SPACED_DASH)) {
    const at = dash.index;
    if (found.length === MAX_SEGMENTS - 1) break;
    if (bracketDepth(raw, at) === 0 && raw.slice(0, at).trim() !== "")
      found.push({ segment: raw.slice(at + dash[0].length).trim(), rest: raw.slice(0, at), dash: true });
  }
  const bracket = lastBracket(raw);
  if (bracket && !FEAT.test(bracket.inner))
    found.push({ segment: bracket.inner, rest: bracket.rest, dash: false });
  return found.filter(({ segment }) => segment !== "");
}

/**
 * The bracketed part that ends a title, brackets inside it kept (an album named
 * "Spook (disc 3)" stays whole), and the text before it; undefined when the title does not end
 * in a closed bracket or nothing precedes it.
 * @example lastBracket("Spook CD3 (Spook (disc 3))") // { inner: "Spook (disc 3)", rest: "Spook CD3" }
 */
function lastBracket(raw: string): { inner: string; rest: string } | undefined {
  const text = raw.trimEnd();
  const close = text.at(-1);
  if (close !== ")" && close !== "]") return undefined;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charAt(i);
    if (c === ")" || c === "]") depth++;
    else if ((c === "(" || c === "[") && --depth === 0) {
      const rest = text.slice(0, i).trimEnd();
      return CLOSING_OF[c] === close && rest !== "" ? { inner: text.slice(i + 1, -1), rest } : undefined;
    }
  }
  return undefined;
}

/** How many brackets are open before position `end` of `text`. */
function bracketDepth(text: string, end: number): number {
  let depth = 0;
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
  }
  return depth;
}

function splitNames(text: string): string[] {
  return text.split(/\s*(?:,|&|\band\b|\bx\b)\s*/i).filter((name) => name.trim() !== "");
}

/** A segment's words up to this many can open with a sequence mark ("part 2", "pt ii", "interlude"). */
const LEADING_MARK_WORDS = 2;

/** The sequence marks of a parsed title: of its core, its movement, and the lead of its other parts. */
function sequenceOf(core: string, rest: string, alt: string, tags: readonly string[]): string[] {
  const lists = [
    sequenceMarks(words(core)),
    movementMarks(rest),
    leadingMarks(alt),
    ...tags.map(leadingMarks),
  ];
  return sortStrings(distinct(...lists));
}

/**
 * The sequence marks a folded dash half or bracket opens with ("- Part 2", "(Reprise)"); the song's
 * name gives all of its own. One that ends with a mark names an album or series ("- Pure Latin,
 * Volume 2", "(Hôtel Costes, Volume 2: La Suite)"), and one recording appears on many volumes.
 */
function leadingMarks(segment: string): string[] {
  return sequenceMarks(words(segment).slice(0, LEADING_MARK_WORDS));
}
