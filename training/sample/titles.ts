/**
 * Song titles: mostly English or other Latin-script words (real and syllable-built), some Cyrillic,
 * Han and kana titles with a romanised form (`一起走過的日子` / `YI QI ZOU GUO DE RI ZI`).
 */
import { romanise } from "./names.ts";
import type { Rng } from "./rng.ts";
import { COMMON_TITLES, ENGLISH, FOREIGN, HAN, KANA, pseudoWord, RUSSIAN, titleCase } from "./words.ts";

/** A title: `text` is the Latin form, `native` the form in its own script when it has one. */
export interface Title {
  readonly text: string;
  readonly native?: string;
}

function latinWord(rng: Rng): string {
  const r = rng.next();
  if (r < 0.68) return rng.pick(ENGLISH);
  if (r < 0.82) return rng.pick(FOREIGN);
  return pseudoWord(rng);
}

function latinTitle(rng: Rng): string {
  const n = rng.weighted([1, 2, 3, 4, 5], [28, 34, 22, 11, 5]);
  const ws: string[] = [];
  for (let i = 0; i < n; i++) ws.push(latinWord(rng));
  const r = rng.next();
  if (r < 0.06) return titleCase(`don't ${ws.join(" ")}`);
  if (r < 0.1) return titleCase(`${ws.join(" ")} me`);
  if (r < 0.14) return titleCase(`${ws[0]} of the ${rng.pick(ENGLISH)}`);
  if (r < 0.17) return titleCase(`i ${ws.join(" ")} you`);
  return titleCase(ws.join(" "));
}

/** A new title: 5 % common titles (`Home`, `Intro`), 5 % Cyrillic, 4.5 % Han, 2.5 % kana, rest Latin. */
export function makeTitle(rng: Rng): Title {
  const r = rng.next();
  if (r < 0.05) return { text: rng.pick(COMMON_TITLES) };
  if (r < 0.1) {
    const ws: string[] = [];
    for (let i = rng.int(1, 3); i > 0; i--) ws.push(rng.pick(RUSSIAN));
    const native = ws.join(" ").replace(/^./u, (c) => c.toUpperCase());
    return { text: romanise(native), native };
  }
  if (r < 0.145) {
    let native = "";
    for (let i = rng.int(2, 7); i > 0; i--) native += rng.pick(HAN);
    return { text: romanise(native).toUpperCase(), native };
  }
  if (r < 0.17) {
    const syl: Array<readonly [string, string]> = [];
    for (let i = rng.int(3, 6); i > 0; i--) syl.push(rng.pick(KANA));
    const text = syl.map((k) => k[1]).join("");
    return { text: titleCase(text), native: syl.map((k) => k[0]).join("") };
  }
  return { text: latinTitle(rng) };
}

/** A common title shared by many unrelated songs (`Home`, `Yesterday`, `Intro`). */
export function commonTitle(rng: Rng): Title {
  return { text: rng.pick(COMMON_TITLES) };
}

/** Another song's title that looks like `t`: a word added, dropped or swapped, or a sequel. */
export function similarTitle(rng: Rng, t: Title): Title {
  if (t.native !== undefined && /\p{Script=Han}/u.test(t.native)) {
    const chars = [...t.native];
    const native =
      chars.length > 2 && rng.chance(0.5) ? chars.slice(0, -1).join("") : t.native + rng.pick(HAN);
    return { text: romanise(native).toUpperCase(), native };
  }
  const ws = t.text.split(" ");
  const r = rng.next();
  if (r < 0.25)
    return { text: `${t.text} ${rng.pick(["Again", "Pt. 2", "Part II", "Reprise", "Tonight", "2"])}` };
  if (r < 0.45 && ws.length > 1) return { text: ws.slice(0, -1).join(" ") };
  if (r < 0.75) {
    const i = rng.int(0, ws.length - 1);
    ws[i] = titleCase(rng.pick(ENGLISH));
    return { text: ws.join(" ") };
  }
  return { text: titleCase(`${rng.pick(ENGLISH)} ${t.text}`) };
}
