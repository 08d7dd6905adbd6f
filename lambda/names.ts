import { distinct, NO_NUMBERS, NO_STRINGS, sortStrings } from "./short-lists.ts";
import { foldRomanisation, foldText, isMissing, words } from "./text.ts";
import { wordHashes } from "./word-hashes.ts";

/** The words of a list of names, ready for comparison. */
export interface NameWords {
  /** Sorted distinct words joined by one space, e.g. "lennon mccartney"; "" when missing. */
  key: string;
  /** The same words, each once, in the order the names give them (an array: a catalog holds millions). */
  words: readonly string[];
  /** The same words as sorted hashes (word-hashes.ts), for the hot path's counts. */
  hashes: readonly number[];
}

const ARTIST_SEPARATORS = /\s*(?:,|;|\/|\s&\s|\s+(?:feat\.?|ft\.?|featuring|vs\.?|x|with)\s+)\s*/i;
const CONTRIBUTOR_SEPARATORS = /\s*[|;/]\s*/;
const LEADING_ARTICLE = /^(?:the|les|los|las|la|le|die|der|das|il)\s+/;
const TRAILING_ARTICLE = /\s+(?:the|les|los|las|la|le|die|der|das|il)$/;
/** Words that name a publisher's legal form rather than a person. */
const PUBLISHER_WORDS = new Set([
  "publishing",
  "publishers",
  "music",
  "musicali",
  "edizioni",
  "editions",
  "ediciones",
  "verlag",
  "ltd",
  "limited",
  "inc",
  "llc",
  "gmbh",
  "corp",
  "co",
  "records",
  "songs",
  "admin",
  "administered",
  "by",
  "obo",
]);

/**
 * Artists as comparable words: split on ", ", " & ", "feat." and similar, articles moved or dropped
 * ("Beatles The" and "The Beatles" both give "beatles"), plus any artists featured in the title.
 * @example artistWords("Beatles The", []) // { key: "beatles", ... }
 */
export function artistWords(raw: string | null, featured: readonly string[]): NameWords {
  // Whitespace runs made single first: the separators' `\s*` and `\s+` would otherwise try every
  // split of a long run (a field of 2,000 spaces took 2 s), and the names are folded anyway.
  const names = isMissing(raw) ? [] : (raw as string).replace(/\s+/g, " ").split(ARTIST_SEPARATORS);
  const all = [...names, ...featured].map((name) =>
    foldText(name).replace(LEADING_ARTICLE, "").replace(TRAILING_ARTICLE, ""),
  );
  const list: string[] = [];
  for (const name of all) for (const word of words(name)) list.push(word);
  return toNameWords(list);
}

/**
 * Contributors (composers, lyricists, publishers) as comparable words: split on "|", initials and
 * publisher forms dropped, romanised long vowels folded ("Satou" = "Sato").
 * @example contributorWords("John Lennon|Paul McCartney") // { key: "john lennon mccartney paul", ... }
 */
export function contributorWords(raw: string | null): NameWords {
  if (isMissing(raw)) return toNameWords([]);
  const all: string[] = [];
  for (const name of (raw as string).split(CONTRIBUTOR_SEPARATORS))
    for (const word of words(foldText(name)))
      if (word.length > 1 && !PUBLISHER_WORDS.has(word)) all.push(foldRomanisation(word));
  return toNameWords(all);
}

function toNameWords(list: string[]): NameWords {
  const names = distinct(list.filter((w) => w !== ""));
  if (names.length === 0) return { key: "", words: NO_STRINGS, hashes: NO_NUMBERS };
  return { key: sortStrings([...names]).join(" "), words: names, hashes: wordHashes(names) };
}
