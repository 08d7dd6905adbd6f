import { createRequire } from "node:module";

const NON_ASCII = /[\u0080-\uffff]/;
const COMBINING_MARKS = /\p{M}+/gu;
const APOSTROPHES = /['’`´]/g;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
/** The same two patterns restricted to lower-case ASCII, where they match exactly the same. */
const ASCII_APOSTROPHES = /['`]/g;
const ASCII_NON_WORD = /[^a-z0-9]+/g;
const MISSING_MARKERS = new Set(["", "none", "null", "nan", "n/a"]);

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
  return value == null || MISSING_MARKERS.has(value.trim().toLowerCase());
}

/**
 * Folds text to comparable lower-case ASCII words separated by single spaces: transliterates other
 * scripts (Cyrillic, Han, ...), drops diacritics, apostrophes and punctuation.
 * @example foldText("Beyoncé — Déjà Vu!") // "beyonce deja vu"
 */
export function foldText(text: string): string {
  const ascii = NON_ASCII.test(text)
    ? transliterate(text.normalize("NFKD").replace(COMBINING_MARKS, ""))
    : text;
  const lower = ascii.toLowerCase();
  // Fast path: for ASCII text the Unicode classes reduce to [a-z0-9] (it is lower-cased already).
  if (!NON_ASCII.test(lower)) return lower.replace(ASCII_APOSTROPHES, "").replace(ASCII_NON_WORD, " ").trim();
  return lower.replace(APOSTROPHES, "").replace(NON_WORD, " ").trim();
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
