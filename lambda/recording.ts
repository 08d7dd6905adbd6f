import { parseIsrcs } from "./isrc.ts";
import { recoverFields } from "./misplaced.ts";
import { artistWords, contributorWords, type NameWords } from "./names.ts";
import { canonicalNumbering } from "./sequence.ts";
import { distinct, NO_NUMBERS, NO_STRINGS } from "./short-lists.ts";
import { stringSimilarity } from "./similarity.ts";
import { foldText, isMissing, wordCount, words } from "./text.ts";
import { type ParsedTitle, parseTitle, type TitleSegment, trailingSegments } from "./title.ts";
import { wordHashes } from "./word-hashes.ts";

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
  /** The title in Latin letters, written at release time by `npm run romanise` for other scripts. */
  title_latin?: string | null;
  /** The artists in Latin letters, written at release time by `npm run romanise` for other scripts. */
  artists_latin?: string | null;
}

/** The optional columns a catalog may add to the required five, in this order. */
export const OPTIONAL_COLUMNS = ["album", "duration_ms", "year", "title_latin", "artists_latin"] as const;

/** What a title says about the version: the parts of a prepared record that an album segment can change. */
export interface TitleForm {
  titleFull: string;
  /** The other half of a dash-split title ("Artist - Title"), or "". */
  titleAlt: string;
  versionWords: readonly string[];
  /** Tag-family markers, e.g. ["live:live"]. */
  tagMarkers: readonly string[];
  /** Sequence marks, e.g. ["part:2"]. */
  sequence: readonly string[];
}

/**
 * A recording with every field normalised once, so that comparing two costs no parsing. Plain data
 * (strings, numbers, arrays, Sets) so that a catalog can store it through a JSON codec.
 */
export interface PreparedRecording extends TitleForm {
  raw: SoundRecording;
  titleCore: string;
  /**
   * The title as its parse read it: the written (or romanised) title without recovered fields and
   * without a trailing segment that names the record's own album. Its other trailing segments
   * ("Song - Album") are looked at only against a record with an album (features.ts).
   */
  titleText: string;
  artists: NameWords;
  /**
   * True when the artists field names no one (names a title's feat. clause gives do not count): such
   * a source may have written the artist into the title ("Artist feat. Guest - Title"), and `artists`
   * then holds the names before the title's dash.
   */
  artistless: boolean;
  contributors: NameWords;
  isrcs: readonly string[];
  /** Every word of the title (all tags included), as sorted hashes (word-hashes.ts). */
  titleHashes: readonly number[];
  /**
   * Every word of title, artists and album, each once, in the order written: the record as one bag
   * of words.
   */
  textWords: readonly string[];
  /** textWords as sorted hashes. */
  textHashes: readonly number[];
  /** Folded album name without edition tags; "" when missing. */
  album: string;
  /** The album's words as sorted hashes. */
  albumHashes: readonly number[];
  /** How many words titleCore has, split on single spaces: title_lead_sim compares that many leading words. */
  titleWordCount: number;
  /** Duration in ms: the column's, else a length the source wrote into the title (misplaced.ts). */
  durationMs: number | null;
  /** Release year: the column's, else the year of a release date written into the title. */
  year: number | null;
}

/**
 * The version of PreparedRecording's fields, bumped whenever they change (not only their values,
 * which FEATURE_VERSION covers): a store of prepared forms (lambda/dynamo-codec.ts) makes older
 * ones again.
 */
export const PREPARED_FORM_VERSION = 3;

/** Fuzzy-ratio at or above which a title segment is read as the album it resembles (typos, `Vol.` vs `Volume`). */
const SAME_ALBUM_SIMILARITY = 0.85;

/**
 * Whether a title segment as written names the record's album (`album` folded as
 * PreparedRecording.album is, `rawAlbum` as the catalog holds it), whatever the spelling of its
 * volume number. A segment with version tags the album lacks is the recording's name, not the
 * album's: a single's album bears the song's name, its remix is "Song (Club Mix)".
 */
export function namesAlbum(segment: string, album: string, rawAlbum: string | null | undefined): boolean {
  if (album === "") return false;
  const parsed = parseTitle(segment);
  if (parsed.core === "") return false;
  const numbered = (text: string) => canonicalNumbering(words(text)).join(" ");
  const sameName =
    stringSimilarity(parsed.core, album) >= SAME_ALBUM_SIMILARITY ||
    stringSimilarity(numbered(parsed.core), numbered(album)) >= SAME_ALBUM_SIMILARITY;
  if (!sameName || parsed.markers.length === 0) return sameName;
  const albumMarkers = parseTitle(rawAlbum ?? "").markers;
  return parsed.markers.every((marker) => albumMarkers.includes(marker));
}

/**
 * The trailing segment of a title that names the album (see namesAlbum), if any. The title of a
 * record without artists may read as "Artist - Title" (a source that leaves the artist empty writes
 * it into the title) or as "Title - Album". Its dash segment is the album only when a song name to
 * compare with is given (`songTitle`, the other record's title core) and the text before the dash
 * resembles it more than the segment does; otherwise it is the song's name, even when a single's
 * album bears it.
 */
export function albumSegment(
  titleText: string,
  artistless: boolean,
  album: string,
  rawAlbum: string | null | undefined,
  songTitle?: string,
): TitleSegment | undefined {
  if (album === "") return undefined;
  return trailingSegments(titleText).find(
    ({ segment, rest, dash }) =>
      namesAlbum(segment, album, rawAlbum) &&
      (!(dash && artistless) || readsAsSong(rest, segment, songTitle)),
  );
}

/** Whether `rest`, not `segment`, is the song named `songTitle`. */
function readsAsSong(rest: string, segment: string, songTitle: string | undefined): boolean {
  if (songTitle === undefined || songTitle === "") return false;
  return (
    stringSimilarity(parseTitle(rest).core, songTitle) > stringSimilarity(parseTitle(segment).core, songTitle)
  );
}

/**
 * Characters of a text field read: the longest field of the sample and of MusicBrainz 20K has 250.
 * A field past it (a corrupt row, a field of 100 KB) is read to its first MAX_FIELD_CHARS, so that a
 * record's preparation and each comparison take bounded time: parsing and the string similarities
 * grow faster than the text (a 100 KB title pair took 2.7 s to compare).
 */
export const MAX_FIELD_CHARS = 1_000;

function clip<T extends string | null | undefined>(text: T): T {
  return (
    typeof text === "string" && text.length > MAX_FIELD_CHARS ? text.slice(0, MAX_FIELD_CHARS) : text
  ) as T;
}

/** Normalises a stored recording for comparison; pure, synchronous and deterministic. */
export function prepareRecording(raw: SoundRecording): PreparedRecording {
  const stored = isMissing(raw.title) ? "" : clip(raw.title as string);
  const written = isMissing(raw.title_latin) ? stored : clip(raw.title_latin as string);
  const moved = recoverFields(written);
  const titleText = moved.title;
  const artistsText = clip(isMissing(raw.artists_latin) ? raw.artists : (raw.artists_latin as string));
  const rawAlbum = clip(raw.album);
  const album = isMissing(rawAlbum) ? "" : parseTitle(rawAlbum as string).core;
  // The artists field's own names, read once; the title's guests join them when it names any.
  const credited = artistWords(artistsText, []);
  const artistless = credited.words.length === 0;
  const own = album === "" ? undefined : albumSegment(titleText, artistless, album, rawAlbum);
  const title = parseTitle(own ? own.rest : titleText, artistless);
  const artists =
    title.artistText !== ""
      ? artistWords(title.artistText, title.featured)
      : title.featured.length === 0
        ? credited
        : artistWords(artistsText, title.featured);
  const albumWords = words(album);
  const titleWords = distinct(
    own ? words(foldText(own.segment)) : [],
    words(title.full),
    words(title.alt),
    title.extraWords,
    ...title.featured.map((name) => words(foldText(name))),
  );
  const textWords = distinct(titleWords, artists.words, albumWords);
  return {
    raw,
    titleCore: title.core,
    ...titleForm(title),
    titleText: own ? own.rest : titleText,
    artists,
    artistless,
    contributors: contributorWords(clip(raw.contributors)),
    isrcs: sharedStrings(parseIsrcs(clip(raw.isrcs))),
    titleHashes: sharedNumbers(wordHashes(titleWords)),
    textWords,
    textHashes: sharedNumbers(wordHashes(textWords)),
    album,
    albumHashes: sharedNumbers(wordHashes(albumWords)),
    titleWordCount: wordCount(title.core),
    durationMs: positiveOrNull(raw.duration_ms) ?? moved.durationMs ?? null,
    year: positiveOrNull(raw.year) ?? moved.year ?? null,
  };
}

/** The version-bearing parts of a parsed title, named as a prepared record names them. */
export function titleForm(title: ParsedTitle): TitleForm {
  return {
    titleFull: title.full,
    titleAlt: title.alt,
    versionWords: sharedStrings(title.versionWords),
    tagMarkers: sharedStrings(title.markers),
    sequence: sharedStrings(title.sequence),
  };
}

/**
 * The list, or one shared empty list for every empty one: most records have no version words, tags,
 * sequence marks or album, and comparing two then reads one list that stays in the CPU cache
 * instead of one per record; the shared list has a non-empty list's element kind (short-lists.ts),
 * so the feature code meets one hidden class per field.
 */
function sharedStrings(list: readonly string[]): readonly string[] {
  return list.length === 0 ? NO_STRINGS : list;
}

/** sharedStrings for lists of numbers (word hashes). */
function sharedNumbers(list: readonly number[]): readonly number[] {
  return list.length === 0 ? NO_NUMBERS : list;
}

function positiveOrNull(value: number | null | undefined): number | null {
  return value != null && Number.isFinite(value) && value > 0 ? value : null;
}
