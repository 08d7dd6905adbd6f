import { createRequire } from "node:module";

const NON_ASCII = /[\u0080-\uffff]/;
const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’`´]/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
/** The same two patterns restricted to lower-case ASCII, where they match exactly the same. */
const ASCII_APOSTROPHES = /['`]/g;
const ASCII_NON_WORD = /[^a-z0-9]+/g;
const MISSING_MARKERS = new Set(["", "none", "null", "nan", "n/a"]);
const LONGEST_MARKER = Math.max(...[...MISSING_MARKERS].map((marker) => marker.length));

let transliterator: ((text: string) => string) | undefined;

/**
 * The `transliteration` package's transliterate, loaded on first use: its dictionaries cost tens of
 * ms of module init, which only text in other scripts needs (never ASCII, never a cold start's
 * first request in Latin letters). `require` in the CommonJS bundle (esbuild bundles the package and
 * evaluates it on that first call), createRequire under ESM (tsx, training).
 */
function transliterate(text: string): string {
  if (!transliterator) {
    // A literal require("transliteration") call, so that esbuild sees it and bundles the package.
    const loaded: { transliterate: (text: string) => string } =
      typeof require === "function"
        ? require("transliteration")
        : createRequire(import.meta.url)("transliteration");
    transliterator = loaded.transliterate;
  }
  return transliterator(text);
}

/**
 * True when a catalog field holds no value: null, empty, or a placeholder such as 'None'.
 * @example isMissing("None") // true
 */
export function isMissing(value: string | null | undefined): boolean {
  if (value == null) return true;
  const last = value.length - 1;
  // Longer than every marker, with nothing at either end for trim() to remove: a value, read without
  // copying it (most calls end here).
  if (last >= LONGEST_MARKER && visibleAscii(value.charCodeAt(0)) && visibleAscii(value.charCodeAt(last)))
    return false;
  return MISSING_MARKERS.has(value.trim().toLowerCase());
}

/** An ASCII character that is neither a space nor a control character: one trim() keeps. */
function visibleAscii(code: number): boolean {
  return code > 0x20 && code < 0x7f;
}

/**
 * Folds text to comparable lower-case ASCII words separated by single spaces: transliterates other
 * scripts (Cyrillic, Han, ...), drops diacritics, apostrophes and punctuation.
 * @example foldText("Beyoncé — Déjà Vu!") // "beyonce deja vu"
 */
export function foldText(text: string): string {
  const folded = foldAscii(text);
  if (folded !== undefined) return folded;
  const unmarked = NON_ASCII.test(text) ? text.normalize("NFKD").replace(COMBINING_MARKS, "") : text;
  // Latin letters with their diacritics dropped are ASCII already, which transliterate keeps as is.
  const ascii = NON_ASCII.test(unmarked) ? transliterate(unmarked) : unmarked;
  const foldedLatin = foldAscii(ascii);
  if (foldedLatin !== undefined) return foldedLatin;
  const lower = ascii.toLowerCase();
  // For ASCII text the Unicode classes reduce to [a-z0-9] (it is lower-cased already).
  if (!NON_ASCII.test(lower)) return lower.replace(ASCII_APOSTROPHES, "").replace(ASCII_NON_WORD, " ").trim();
  return lower.replace(APOSTROPHES, "").replace(NON_WORD, " ").trim();
}

/** Room for the folded text of foldAscii; a longer text takes foldText's patterns instead. */
const folding = new Uint16Array(1024);
const foldingPrefixes = prefixViews(folding);

/**
 * The text of a buffer's first n codes, through views of its prefixes made once each: a new
 * subarray per call was about a sixteenth of the garbage preparing a record makes. The buffer must
 * keep its length (a module's own fixed buffer, never transferred). The function throws RangeError
 * when n is past the buffer's end.
 */
export function prefixViews(buffer: Uint8Array | Uint16Array): (n: number) => string {
  const views = new Array<Uint8Array | Uint16Array | undefined>(buffer.length + 1);
  return (n) => {
    if (n > buffer.length) throw new RangeError(`${n} codes asked of a buffer of ${buffer.length}`);
    let view = views[n];
    if (view === undefined) {
      view = buffer.subarray(0, n);
      views[n] = view;
    }
    return String.fromCharCode.apply(null, view as unknown as number[]);
  };
}

/**
 * foldText of a text in ASCII, in one pass over its characters (about a third faster than the
 * patterns, and no copy of a text that is folded already); undefined when the text holds another
 * character or is too long for the buffer. Letters are lower-cased, `'` and `` ` `` dropped, every
 * run of other characters becomes one space between words.
 */
function foldAscii(text: string): string | undefined {
  const length = text.length;
  if (length > folding.length) return undefined;
  let n = 0;
  let gap = false;
  let changed = false;
  for (let i = 0; i < length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x80) return undefined;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      // a-z, 0-9: kept
    } else if (c >= 0x41 && c <= 0x5a) {
      c += 0x20;
      changed = true;
    } else {
      if (c !== 0x27 && c !== 0x60) gap = n > 0;
      if (c !== 0x20) changed = true;
      continue;
    }
    if (gap) {
      folding[n++] = 0x20;
      gap = false;
    }
    folding[n++] = c;
  }
  // Every character kept as it was, and every gap a single space: the text is folded already (a
  // dropped character, or a run of spaces, leaves n short of the length).
  if (!changed && n === length) return text;
  return foldingPrefixes(n);
}

/** Splits folded text into its words; empty text gives no words. */
export function words(folded: string): string[] {
  return folded === "" ? [] : folded.split(" ");
}

/** How many words `words(folded)` gives, counted without making them. */
export function wordCount(folded: string): number {
  if (folded === "") return 0;
  let count = 1;
  for (let at = folded.indexOf(" "); at !== -1; at = folded.indexOf(" ", at + 1)) count++;
  return count;
}

/**
 * Folds romanisation variants of long vowels so that "satou", "satoo" and "sato" meet.
 * @example foldRomanisation("satou") // "sato"
 */
export function foldRomanisation(word: string): string {
  return word.length > 3 ? word.replace(/(?<=[^aeiou])(ou|oo)$/, "o").replace(/uu/g, "u") : word;
}
