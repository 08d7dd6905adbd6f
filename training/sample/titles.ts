/**
 * Song titles built from real words by the patterns real titles follow (`Golden Hour`, `Hold On`,
 * `City of Stars`, `La noche`), and titles in Japanese, Korean, Chinese and Cyrillic with their
 * accepted romanisations (`東京の夏` / `Tokyo no Natsu` / `Tōkyō no Natsu` / `Toukyou no Natsu`).
 */
import { romanise } from "./names.ts";
import type { Rng } from "./rng.ts";
import {
  ADJECTIVES,
  COMMON_TITLES,
  FOREIGN,
  foreignMine,
  NOUNS,
  PREPOSITIONS,
  plural,
  titleCase,
  VERB_PHRASES,
} from "./words.ts";
import { CHINESE, hepburnVariants, JAPANESE, JAPANESE_PARTICLES, KOREAN, RUSSIAN } from "./world-words.ts";

/** A title: `text` is the usual Latin form, `native` its own script, `alts` other accepted romanisations. */
export interface Title {
  readonly text: string;
  readonly native?: string;
  readonly alts?: readonly string[];
}

/** Words kept lower case inside a title: English small words and Japanese particles (`no`, `wa`, `wo`). */
const SMALL = new Set([
  "of",
  "the",
  "in",
  "on",
  "my",
  "and",
  "a",
  "to",
  "for",
  "with",
  "no",
  "wa",
  "ha",
  "wo",
  "o",
]);
const sentence = (s: string): string => s.replace(/^\p{Ll}/u, (c) => c.toUpperCase());

/** Title Case with small words (`of`, `the`, `in`, `my`) lower case inside the title. */
export function headline(s: string): string {
  const words = titleCase(s).split(" ");
  for (let i = 1; i < words.length; i++) {
    const lower = (words[i] as string).toLowerCase();
    if (SMALL.has(lower)) words[i] = lower;
  }
  return words.join(" ");
}

function englishTitle(rng: Rng): string {
  switch (rng.weighted(PATTERNS, PATTERN_WEIGHTS)) {
    case "n":
      return headline(rng.pick(NOUNS));
    case "an":
      return headline(`${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`);
    case "nn":
      return headline(`${rng.pick(NOUNS)} ${rng.pick(NOUNS)}`);
    case "aN":
      return headline(`${rng.pick(ADJECTIVES)} ${plural(rng.pick(NOUNS))}`);
    case "v":
      return headline(rng.pick(VERB_PHRASES));
    case "p":
      return headline(`${rng.pick(PREPOSITIONS)} the ${rng.pick(NOUNS)}`);
    case "of": {
      const the = rng.chance(0.5) ? "the " : "";
      const noun = rng.pick(NOUNS);
      return headline(`${noun} of ${the}${rng.chance(0.5) ? plural(rng.pick(NOUNS)) : rng.pick(NOUNS)}`);
    }
    case "in":
      return headline(`${rng.pick(NOUNS)} in my ${rng.pick(NOUNS)}`);
    case "the":
      return headline(`the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`);
    default: {
      const first = plural(rng.pick(NOUNS));
      return headline(`${first} ${rng.chance(0.5) ? "&" : "and"} ${plural(rng.pick(NOUNS))}`);
    }
  }
}

/** English title patterns: noun, adjective + noun, compound, verb phrase, `Under the X`, `X of Y`, ... */
const PATTERNS = ["n", "an", "nn", "aN", "v", "p", "of", "in", "the", "and"] as const;
const PATTERN_WEIGHTS = [12, 22, 8, 6, 14, 8, 7, 4, 6, 3];
const LANGS = Object.keys(FOREIGN) as (keyof typeof FOREIGN)[];
const AND = { es: "y", it: "e", fr: "et", de: "und", pt: "e" } as const;

function foreignTitle(rng: Rng): string {
  const lang = rng.pick(LANGS);
  const words = FOREIGN[lang];
  const first = rng.pick(words).replaceAll("_", " ");
  const r = rng.next();
  if (r < 0.5) return sentence(first);
  if (r < 0.75) return sentence(foreignMine(lang, first));
  return sentence(`${first} ${AND[lang]} ${rng.pick(words).replaceAll("_", " ")}`);
}

function japaneseTitle(rng: Rng): Title {
  const w1 = rng.pick(JAPANESE);
  if (rng.chance(0.4)) return romanised(w1[0], [w1[1]]);
  const w2 = rng.pick(JAPANESE);
  const [kana, hepburn, naive] = rng.pick(JAPANESE_PARTICLES);
  const variants = [`${w1[1]} ${hepburn} ${w2[1]}`, `${w1[1]} ${naive} ${w2[1]}`];
  return romanised(`${w1[0]}${kana}${w2[0]}`, variants);
}

/** Title forms of Japanese romaji: plain vowels first, then macrons, doubled vowels, naive particles. */
function romanised(native: string, spellings: readonly string[]): Title {
  const forms = spellings.flatMap((s) => {
    const v = hepburnVariants(s);
    return [v.plain, v.macron, v.doubled];
  });
  const unique = [...new Set(forms.map(headline))];
  return { text: unique[0] as string, native, alts: unique.slice(1) };
}

function koreanTitle(rng: Rng): Title {
  const words = rng.chance(0.5) ? [rng.pick(KOREAN)] : [rng.pick(KOREAN), rng.pick(KOREAN)];
  const native = words.map((w) => w[0]).join(" ");
  const text = headline(words.map((w) => w[1]).join(" "));
  const joined = sentence(words.map((w) => w[1]).join(""));
  return joined === text ? { text, native } : { text, native, alts: [joined] };
}

function chineseTitle(rng: Rng): Title {
  const a = rng.pick(CHINESE);
  const native = rng.chance(0.5) ? a : rng.chance(0.5) ? `${a}的${rng.pick(CHINESE)}` : a + rng.pick(CHINESE);
  const syllables = romanise(native).split(" ");
  const text = headline(syllables.join(" "));
  const words = headline(syllables.reduce((s, x, i) => s + (i % 2 === 0 && i > 0 ? " " : "") + x, ""));
  return { text, native, alts: [words, text.toUpperCase()] };
}

function russianTitle(rng: Rng): Title {
  const n = () => rng.pick(RUSSIAN);
  const r = rng.next();
  const native = sentence(r < 0.6 ? n() : r < 0.85 ? `${n()} и ${n()}` : `${n()} навсегда`);
  const text = romanise(native);
  return { text, native, alts: [text.replace(/kh/g, "h").replace(/ya/g, "ia")] };
}

/** A new title: 5 % common titles, 4 % Cyrillic, 3.5 % Chinese, 3 % Japanese, 2 % Korean, rest Latin. */
export function makeTitle(rng: Rng): Title {
  const r = rng.next();
  if (r < 0.05) return { text: rng.pick(COMMON_TITLES) };
  if (r < 0.09) return russianTitle(rng);
  if (r < 0.125) return chineseTitle(rng);
  if (r < 0.155) return japaneseTitle(rng);
  if (r < 0.175) return koreanTitle(rng);
  return { text: rng.chance(0.86) ? englishTitle(rng) : foreignTitle(rng) };
}

/** An album title: a plain new title, or a Latin one for albums of non-Latin titles half the time. */
export function albumTitle(rng: Rng): string {
  return rng.chance(0.85) ? englishTitle(rng) : foreignTitle(rng);
}

/** A common title shared by many unrelated songs (`Home`, `Yesterday`, `Stay`). */
export function commonTitle(rng: Rng): Title {
  return { text: rng.pick(COMMON_TITLES) };
}

/** `t` with `f` applied to every spelling. */
export function mapTitle(t: Title, f: (s: string) => string): Title {
  return {
    text: f(t.text),
    ...(t.native !== undefined ? { native: f(t.native) } : {}),
    ...(t.alts !== undefined ? { alts: t.alts.map(f) } : {}),
  };
}

/** Another song's title that looks like `t`: a word added, dropped or swapped. */
export function similarTitle(rng: Rng, t: Title): Title {
  if (t.native !== undefined) {
    const other = makeTitle(rng);
    if (rng.chance(0.5) || other.native === undefined) return mapTitle(t, (s) => `${s} ${other.text}`);
    return { ...other, text: other.text };
  }
  const ws = t.text.split(" ");
  const r = rng.next();
  if (r < 0.2) return { text: `${t.text} ${rng.pick(["Again", "Tonight", "Forever", "Now"])}` };
  if (r < 0.4 && ws.length > 1) return { text: ws.slice(0, -1).join(" ") };
  if (r < 0.75) {
    const i = rng.int(0, ws.length - 1);
    ws[i] = titleCase(rng.pick(NOUNS));
    return { text: ws.join(" ") };
  }
  return { text: headline(`${rng.pick(ADJECTIVES)} ${t.text}`) };
}
