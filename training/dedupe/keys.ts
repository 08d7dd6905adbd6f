import { transliterate } from "transliteration";
import type { PreparedRecording } from "../../lambda/recording.ts";
import { sortStrings } from "../../lambda/short-lists.ts";
import { foldText, isMissing, prefixViews } from "../../lambda/text.ts";

/**
 * What the dedupe stages read of a prepared recording: the one adapter between the feature module's
 * normalised fields and the blocking keys / embedding text, so that a change of field names is fixed
 * here only. Every key is a plain string, so each blocking rule is an equality join in SQL too.
 */
export interface DedupeKeys {
  /** The record's id: the order of the records of a block over the size limit (blocking.ts). */
  srId: string;
  /** ISRCs, upper-case, 12 characters each. */
  isrcs: readonly string[];
  /** Normalised title core (version tags, remaster notes and `feat.` removed), "" when missing. */
  title: string;
  /** Distinct artist words, sorted. */
  artistWords: readonly string[];
  /** Distinct contributor words (songwriters; publisher forms dropped), sorted. */
  contributorWords: readonly string[];
  /** Title core and artists squashed to a romanisation-tolerant skeleton, see {@link skeleton}. */
  titleSkeleton: string;
  artistSkeleton: string;
  /** The title holds no letter in any script (empty, a track number, or text a source stripped). */
  titleless: boolean;
  /** The duration in whole seconds, rounded down and to nearest (one or two values); [] when unknown. */
  seconds: readonly number[];
  /** The release year, null when unknown. */
  year: number | null;
  /** Text the embedder reads: the whole title as stored (folded), the artists, the album when known. */
  embeddingText: string;
}

/** Reads the keys of one prepared recording. */
export function dedupeKeys(recording: PreparedRecording): DedupeKeys {
  const title = recording.titleCore;
  const artistWords = sortStrings([...recording.artists.words]);
  return {
    srId: recording.raw.sr_id,
    isrcs: recording.isrcs,
    title,
    artistWords,
    contributorWords: sortStrings([...recording.contributors.words]),
    titleSkeleton: skeleton(title),
    artistSkeleton: skeleton(recording.artists.key),
    titleless: !/\p{L}/u.test(title),
    seconds: wholeSeconds(recording.durationMs),
    year: typeof recording.year === "number" && recording.year > 0 ? recording.year : null,
    embeddingText: embeddingText(recording),
  };
}

/**
 * The whole title as stored, the artists and the album, each folded to ASCII, then the year and
 * duration as words (`y1997`, `d039` = 195-199 s), so a record whose title and artists are missing or
 * unreadable still lands near records of its year and length; joined by ` | `. The parts go into one
 * list, where a chain of filter, map and concat made a list per step.
 */
function embeddingText(recording: PreparedRecording): string {
  const parts: string[] = [];
  for (const field of [recording.raw.title, recording.artists.key, recording.raw.album])
    if (!isMissing(field)) parts.push(ascii(foldText(field as string)));
  const { year, durationMs: ms } = recording;
  if (typeof year === "number" && year > 0) parts.push(`y${year}`);
  if (typeof ms === "number" && ms > 0) parts.push(`d${String(Math.round(ms / 5000)).padStart(3, "0")}`);
  return parts.join(" | ");
}

/** 288,373 ms → [288]; 106,980 ms → [106, 107], so lengths a source rounded and one it cut still meet. */
function wholeSeconds(ms: number | null | undefined): number[] {
  if (typeof ms !== "number" || ms <= 0) return [];
  const down = Math.floor(ms / 1000);
  const nearest = Math.round(ms / 1000);
  return down === nearest ? [down] : [down, nearest];
}

/** Text in lower-case ASCII: other scripts transliterated (already done by the feature module today). */
function ascii(text: string): string {
  return /[^ -~]/.test(text) ? transliterate(text).toLowerCase() : text;
}

/**
 * A spelling skeleton of folded text, so that romanisations of one name meet: no spaces or
 * punctuation, `y`→`i`, `ou`/`oo`/`oh`→`o`, `uu`→`u`, doubled letters single, `kh`→`h`, `ph`→`f`.
 * @example skeleton("Moy son") === skeleton("Мой сон") // "moison"
 * @example skeleton("kazenieien") === skeleton("kaze ni eien")
 */
export function skeleton(text: string): string {
  const letters = ascii(text);
  if (letters.length > spelling.length) return skeletonByPatterns(letters);
  // The patterns' steps as passes over a buffer: letters and digits lower-cased (y as i), then kh,
  // ph and o[uoh] replaced, then doubled letters made single.
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    let c = letters.charCodeAt(i);
    // Lower-casing some other characters gives ASCII (the Kelvin sign gives k): the patterns decide.
    if (c >= 0x80) return skeletonByPatterns(letters);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c === Y) c = I;
    if ((c >= A && c <= Z) || (c >= ZERO && c <= NINE)) spelling[n++] = c;
  }
  n = replacePairs(n, K, ONLY_H, H);
  n = replacePairs(n, P, ONLY_H, F);
  n = replacePairs(n, O, U_O_H, O);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = spelling[i] as number;
    if (m > 0 && c >= A && c === spelling[m - 1]) continue;
    spelling[m++] = c;
  }
  return spellingPrefixes(m);
}

/** The skeleton's specification, step by step; skeleton follows it in passes over a buffer. */
export function skeletonByPatterns(letters: string): string {
  return letters
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "")
    .replace(/y/g, "i")
    .replace(/kh/g, "h")
    .replace(/ph/g, "f")
    .replace(/o[uoh]/g, "o")
    .replace(/([a-z])\1+/g, "$1");
}

const code = (character: string): number => character.charCodeAt(0);
const [A, F, H, I, K, O, P, U, Y, Z, ZERO, NINE] = [
  code("a"),
  code("f"),
  code("h"),
  code("i"),
  code("k"),
  code("o"),
  code("p"),
  code("u"),
  code("y"),
  code("z"),
  code("0"),
  code("9"),
] as const;
const ONLY_H: readonly number[] = [H];
const U_O_H: readonly number[] = [U, O, H];
/** Room for a skeleton's letters; a longer text takes the patterns. */
const spelling = new Uint8Array(1024);
const spellingPrefixes = prefixViews(spelling);

/**
 * In the first n codes of the buffer, replaces each `first` followed by one of `seconds`,
 * left to right, with `into`, as `replace(/first[seconds]/g, into)` does; returns the new length.
 */
function replacePairs(n: number, first: number, seconds: readonly number[], into: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const c = spelling[i] as number;
    if (c === first && i + 1 < n && seconds.includes(spelling[i + 1] as number)) {
      spelling[m++] = into;
      i++;
    } else spelling[m++] = c;
  }
  return m;
}
