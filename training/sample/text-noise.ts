/**
 * Character-level noise seen between services: dropped or added accents, typos, punctuation and
 * whitespace differences. Each function returns a new string; none touches non-Latin letters.
 */
import type { Rng } from "./rng.ts";

/** `Björk Guðmundsdóttir` -> `Bjork Gudmundsdottir`; Cyrillic `й` and kana stay as they are. */
export function stripAccents(s: string): string {
  return s
    .normalize("NFD")
    .replace(/([A-Za-z])[\u0300-\u036f]+/g, "$1")
    .normalize("NFC")
    .replace(/ø/g, "o")
    .replace(/Ø/g, "O")
    .replace(/ß/g, "ss")
    .replace(/ı/g, "i")
    .replace(/ð/g, "d");
}

const LATIN_EXTENDED = /[\u00C0-\u024F\u1E00-\u1EFF]/;

/** True when `s` has a Latin letter with a diacritic. */
export function hasAccents(s: string): boolean {
  return LATIN_EXTENDED.test(s) && stripAccents(s) !== s;
}

const ACCENTED: Record<string, string> = { e: "é", a: "á", o: "ó", u: "ü", i: "í", n: "ñ", c: "ç" };

/** One plain vowel or consonant gets a diacritic (`Cafe` -> `Café`); unchanged if none fits. */
export function addAccent(rng: Rng, s: string): string {
  const spots = [...s.matchAll(/[eaouinc]/g)].map((m) => m.index ?? 0);
  if (spots.length === 0) return s;
  const i = rng.pick(spots);
  return s.slice(0, i) + (ACCENTED[s[i] ?? ""] ?? s[i]) + s.slice(i + 1);
}

const KEYS = "abcdefghijklmnopqrstuvwxyz";

/** 1-2 edits (substitute, delete, insert, swap) on letters of `s`; strings under 4 chars are kept. */
export function typo(rng: Rng, s: string): string {
  let out = s;
  for (let n = rng.int(1, 2); n > 0 && out.length >= 4; n--) {
    const i = rng.int(1, out.length - 2);
    const op = rng.int(0, 3);
    if (op === 0) out = out.slice(0, i) + rng.pick([...KEYS]) + out.slice(i + 1);
    else if (op === 1) out = out.slice(0, i) + out.slice(i + 1);
    else if (op === 2) out = out.slice(0, i) + rng.pick([...KEYS]) + out.slice(i);
    else out = out.slice(0, i) + (out[i + 1] ?? "") + (out[i] ?? "") + out.slice(i + 2);
  }
  return out;
}

/** One punctuation or whitespace difference: double space, trailing space, quotes, `&`/`and`, dots. */
export function punctuate(rng: Rng, s: string): string {
  switch (rng.int(0, 6)) {
    case 0:
      return s.replace(" ", "  ");
    case 1:
      return `${s} `;
    case 2:
      return s.includes("'") ? s.replaceAll("'", "’") : `${s}!`;
    case 3:
      return s.includes("&") ? s.replaceAll("&", "and") : s.replaceAll(" and ", " & ");
    case 4:
      return s.replace(/[.,!?'’]/g, "");
    case 5:
      return s.replace(" (", "(").replace(" - ", "-");
    default:
      return s.replace(/\s+/g, " ").replace(/ \(/g, " - (");
  }
}
