/**
 * Values of other fields that sources write into the title ("Elevator Flo Rida 3:55 17-Mar-08",
 * "Yayo $ 1.29 (C) 2012 Polydor"): a length, a release date, a price, a copyright line. Each names its
 * own type, so it can be taken out of the title wherever it stands without knowing the source. Words
 * (artist, album, genre) cannot be told from the song's name this way; the features compare those
 * across fields instead (text_overlap, artist_in_title, title_lead_sim).
 */
export interface RecoveredFields {
  /** The title without the recovered values. */
  title: string;
  /** A length written after the song's name, in ms. */
  durationMs?: number;
  /** The year of a full release date written after the song's name. */
  year?: number;
}

const MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec";
const MONTH_NAMES = "january|february|march|april|may|june|july|august|september|october|november|december";
/** "m:ss" or "h:mm:ss" after other text (a title that is only "4:44" keeps it). */
const DURATION = /(?<=\S\s+)(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?=\s|$)/g;
/** "17-Mar-08", "March 17 , 2008", "Mar 17, 2008", "2008-03-17". */
const DATE = new RegExp(
  `(?<=\\S\\s+)(?:\\d{1,2}-(?:${MONTHS})-(\\d{2}|\\d{4})|(?:${MONTH_NAMES}|${MONTHS})\\.? \\d{1,2} ?, ?(\\d{4})|(\\d{4})-\\d{2}-\\d{2})(?=\\s|$)`,
  "gi",
);
/** "$ 1.29", "€0.99", "Pricele $ $" is left alone: only a currency sign with an amount. */
const PRICE = /(?<=\S\s+)[$€£]\s?\d+(?:[.,]\d{2})?(?=\s|$)/g;
/** A copyright or phonogram line up to the end: "(C) 2013 XO & co.", "℗ 2012 …", "‰ ãÑ 2012 …". */
const COPYRIGHT = /(?<=\S\s+)(?:\([cp]\)|[©℗]|‰ ãÑ)\s*(?:\d{4}.*)?$/i;
/**
 * A copyright line without its sign, up to the end: a year (or years) outside any bracket (the rest
 * of the title holds only whole brackets), after which a word of a company or a licence follows
 * ("2014 Atlantic Recording Corporation for …", "2012 Dim Mak Inc."). "Bad Romance (Live at the 2009
 * MTV Video Music Awards)" keeps its bracket.
 */
const UNMARKED_COPYRIGHT =
  /(?<=\S\s+)(?:19|20)\d{2}(?:\s?,\s?(?:19|20)\d{2})*\s+(?=(?:[^()[\]{}]|\([^()]*\)|\[[^[\]]*\])*$)(?=.*\b(?:records?|(?<![-\w])recordings|music|entertainment|inc|llc|ltd|corporation|corp|group|company|labels?|productions?|publishing|gmbh|licen[cs]ed?)\b).*$/i;

/**
 * Takes lengths, release dates, prices and copyright lines out of a title, returning the rest and
 * the first length and release year found.
 * @example recoverFields("Gone The Weeknd 8:07 13-Nov-12") // { title: "Gone The Weeknd", durationMs: 487000, year: 2012 }
 */
export function recoverFields(title: string): RecoveredFields {
  if (!/[\d$€£©℗‰]/.test(title)) return { title };
  const found: RecoveredFields = { title };
  let rest = title.replace(DURATION, (_m, a: string, b: string, c?: string) => {
    const parts = c === undefined ? [a, b] : [a, b, c];
    const ms = parts.reduce((total, part) => total * 60 + Number(part), 0) * 1000;
    if (found.durationMs === undefined && ms > 0) found.durationMs = ms;
    return " ";
  });
  rest = rest.replace(DATE, (_m, short?: string, long?: string, iso?: string) => {
    const digits = short ?? long ?? iso ?? "";
    const year = digits.length === 2 ? twoDigitYear(Number(digits)) : Number(digits);
    if (found.year === undefined) found.year = year;
    return " ";
  });
  rest = rest.replace(PRICE, " ").replace(COPYRIGHT, " ").replace(UNMARKED_COPYRIGHT, " ");
  found.title = rest.replace(/\s+/g, " ").trim();
  return found;
}

function twoDigitYear(n: number): number {
  return n >= 30 ? 1900 + n : 2000 + n;
}
