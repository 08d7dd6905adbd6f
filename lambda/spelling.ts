/**
 * Typos of a small vocabulary (tag and section words). Tags are typed by hand, and a typo ("miix",
 * "altenrate version") would put a version tag on one side of a pair only. Two kinds of slip are read,
 * both keeping the word's first letter, as typos rarely change it:
 * - a letter typed twice ("miix", "eedit", "introo"), for every word of the vocabulary;
 * - a letter dropped or added, or two neighbours swapped ("acoustc", "altenrate"), for words of at
 *   least LONG_WORD letters; a letter changed ("explicix") for words of at least LONGER_WORD. One
 *   slip in a short word often makes another real word ("mono" and "moon", "live" and "love"); a
 *   changed letter does so in longer ones too ("concert" and "concern").
 */
const LONG_WORD = 6;
const LONGER_WORD = 8;
/**
 * English words those slips would read as typos of a tag or section word though they mean something
 * else ("final" is not "finale", "concerto" not "concert"); found by checking an English word list
 * (spelling.test.ts), where every other hit is a form of the word itself ("remixes", "outtakes").
 */
const NOT_TYPOS = new Set([
  "final",
  "speed",
  "concerto",
  "concerti",
  "overturn",
  "stings",
  "striped",
  "stripper",
  "strapped",
  "stropped",
  "extender",
  "expander",
  "expended",
  "preclude",
  "sowed",
  "censured",
  "uncensured",
  "altercate",
  "finagle",
  "finable",
  "prorogue",
  "sketchy",
  "rerise",
  "overcure",
  "oversure",
  "overtire",
  "interclude",
  "endited",
  "starings",
]);

/**
 * The vocabulary word a folded word misspells, or undefined when it is one (or none) of them.
 * @example correction("miix", ["mix", "edit"]) // "mix"
 */
export function correction(word: string, vocabulary: ReadonlySet<string>): string | undefined {
  if (word.length < 3 || vocabulary.has(word) || NOT_TYPOS.has(word)) return undefined;
  for (const known of vocabulary) {
    if (known[0] !== word[0]) continue;
    if (doubledLetter(word, known)) return known;
    if (known.length >= LONG_WORD && oneEdit(word, known, known.length >= LONGER_WORD)) return known;
  }
  return undefined;
}

/** Index of the first letter where the two words differ (the shorter length when one is a prefix). */
function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** True when `word` is `known` with one of its letters typed twice. */
function doubledLetter(word: string, known: string): boolean {
  if (word.length !== known.length + 1) return false;
  const i = firstDifference(word, known);
  return word[i] === word[i - 1] && word.slice(i + 1) === known.slice(i);
}

/** True when one edit after the first letter turns `word` into `known` (a different word). */
function oneEdit(word: string, known: string, changed: boolean): boolean {
  const i = firstDifference(word, known);
  if (i === 0) return false;
  if (word.length === known.length) {
    if (changed && word.slice(i + 1) === known.slice(i + 1)) return true;
    return word[i] === known[i + 1] && word[i + 1] === known[i] && word.slice(i + 2) === known.slice(i + 2);
  }
  if (word.length === known.length + 1) return word.slice(i + 1) === known.slice(i);
  if (word.length + 1 === known.length) return word.slice(i) === known.slice(i + 1);
  return false;
}
