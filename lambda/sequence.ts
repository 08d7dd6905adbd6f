import { distinct, sortStrings } from "./short-lists.ts";

/**
 * Marks that make another song of one work: a number after Part / Pt. / Vol. / No. / Chapter / Act /
 * Book / Movement / Op. or a classical catalogue (BWV 208, K. 384), in digits, roman numerals or
 * words, and the words that name a section
 * (Prologue, Epilogue, Intro, Outro, Interlude, Reprise, Overture, Finale, Coda). "Part 1" and
 * "Part 2" of one title are two recordings, though every other word agrees.
 */
const MARKERS = new Set([
  "part",
  "pt",
  "vol",
  "volume",
  "no",
  "nr",
  "number",
  "chapter",
  "ch",
  "act",
  "book",
  "movement",
  "mvt",
  "op",
  "opus",
  "episode",
  "track",
  // The same words in the catalogue languages of classical and audiobook releases.
  "teil",
  "parte",
  "partie",
  "kapitel",
  "chapitre",
  "capitulo",
  "folge",
  // Catalogues of classical works: Bach (BWV), Mozart (K., KV), Handel (HWV), Vivaldi (RV), Haydn (Hob.).
  "bwv",
  "k",
  "kv",
  "hwv",
  "rv",
  "hob",
]);
export const SECTIONS: ReadonlySet<string> = new Set([
  "prologue",
  "epilogue",
  "intro",
  "introduction",
  "outro",
  "interlude",
  "reprise",
  "overture",
  "finale",
  "coda",
  "prelude",
  "postlude",
]);
/** "pt" and "part" name one marker; so do "vol"/"volume", "no"/"nr"/"number", and so on. */
const MARKER_KIND: Record<string, string> = {
  pt: "part",
  vol: "volume",
  nr: "no",
  number: "no",
  ch: "chapter",
  mvt: "movement",
  opus: "op",
  introduction: "intro",
  kv: "k",
  teil: "part",
  parte: "part",
  partie: "part",
  kapitel: "chapter",
  chapitre: "chapter",
  capitulo: "chapter",
  folge: "episode",
};
/** Where digits meet letters inside a word ("25no" → "25", "no"). */
const DIGIT_LETTER_BOUNDARY = /(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)/;
const HAS_DIGIT = /\d/;
const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const ROMAN = /^(?=[ivxlc]+$)c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/;

/**
 * The numeral as an integer string: digits, roman numerals (I-CCCXCIX) or the words one-ten;
 * undefined when the word is none of those.
 * @example numeral("iv") // "4"
 */
export function numeral(word: string): string | undefined {
  if (/^\d{1,4}[a-z]?$/.test(word)) return String(Number.parseInt(word, 10));
  const spelled = NUMBER_WORDS.indexOf(word);
  if (spelled >= 0) return String(spelled);
  if (word === "" || !ROMAN.test(word)) return undefined;
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let total = 0;
  for (let i = 0; i < word.length; i++) {
    const value = values[word[i] as string] as number;
    const next = values[word[i + 1] as string] ?? 0;
    total += value < next ? -value : value;
  }
  return String(total);
}

/**
 * The sequence marks of a folded title (its core and tags), sorted, e.g. ["part:2"] for
 * "Song, Pt. II" or ["section:reprise"] for "Song (Reprise)". Empty when none.
 * @example sequenceMarks(["song", "pt", "ii"]) // ["part:2"]
 * @example sequenceMarks(["etude", "op", "25no", "2inf"]) // ["no:2", "op:25"]
 */
export function sequenceMarks(folded: readonly string[]): string[] {
  const marks: string[] = [];
  // A source that drops spaces writes "op25no2inf" for "op 25 no 2 in f": numbers split off letters.
  const titleWords: string[] = [];
  for (const word of folded)
    if (!HAS_DIGIT.test(word)) titleWords.push(word);
    else for (const part of word.split(DIGIT_LETTER_BOUNDARY)) titleWords.push(part);
  for (let i = 0; i < titleWords.length; i++) {
    const word = titleWords[i] as string;
    if (MARKERS.has(word)) {
      const value = numeral(titleWords[i + 1] ?? "");
      // "No" alone is a word ("No Surprises"); only a numeral after it makes it a marker.
      if (value !== undefined) marks.push(`${MARKER_KIND[word] ?? word}:${value}`);
    } else if (SECTIONS.has(word)) {
      marks.push(`section:${MARKER_KIND[word] ?? word}`);
    }
  }
  return marks.length === 0 ? marks : sortStrings(distinct(marks));
}

/**
 * The folded words with each marker and its numeral written one way ("vol iv" and "volume 4" both
 * "volume 4"), so that two spellings of one album name compare equal.
 * @example canonicalNumbering(["bar", "jazz", "vol", "iv"]) // ["bar", "jazz", "volume", "4"]
 */
export function canonicalNumbering(titleWords: readonly string[]): string[] {
  return titleWords.map((word, i) => {
    const before = titleWords[i - 1];
    if (before !== undefined && MARKERS.has(before)) return numeral(word) ?? word;
    return MARKERS.has(word) && numeral(titleWords[i + 1] ?? "") !== undefined
      ? (MARKER_KIND[word] ?? word)
      : word;
  });
}

/**
 * A numbered movement or number of a work after its colon: "Symphony No. 5: II. Andante", "Ballet:
 * 8. Neid", also squashed ("Op.2No.1:III.Menuetto") or hyphenated ("K.-466:-II.-Romanze").
 */
const MOVEMENT = /:[\s_-]*([ivx]+|\d{1,2})\.(?=[\s_(-]|\p{L}|$)/giu;

/**
 * The movement numbers of a raw title, as marks: classical releases write the work, a colon, then
 * the movement's number and a full stop ("Concerto in D, Op. 35: III. Finale"); two movements of one
 * work are two recordings.
 * @example movementMarks("Symphony No. 5: II. Andante con moto") // ["movement:2"]
 */
export function movementMarks(raw: string): string[] {
  const marks: string[] = [];
  for (const match of raw.matchAll(MOVEMENT)) {
    const value = numeral((match[1] as string).toLowerCase());
    if (value !== undefined) marks.push(`movement:${value}`);
  }
  return distinct(marks);
}
