/**
 * Performing artists: solo people, stage names, "The ..." bands and duos ("A & B"), with the
 * spellings services use (`The Beatles` / `Beatles The` / `THE BEATLES`, native or romanised).
 */
import { makePerson, type Person, renderPerson, romanise } from "./names.ts";
import type { Rng } from "./rng.ts";
import { ENGLISH, HAN, KANA, pseudoWord, RUSSIAN, titleCase } from "./words.ts";

/** A performer as a catalog knows it. */
export type Artist =
  | { readonly kind: "person"; readonly person: Person }
  | { readonly kind: "stage"; readonly name: string; readonly native?: string }
  | { readonly kind: "band"; readonly name: string }
  | { readonly kind: "duo"; readonly members: readonly [Artist, Artist] };

/** Spelling choices of one service for artist names. */
export interface ArtistStyle {
  readonly native: boolean;
  readonly alt: boolean;
  readonly invertArticle: boolean;
}

const PREFIXES = ["DJ", "Lil", "MC", "Young", "Big", "Saint", "Miss", "Dr."];
const BAND_NOUNS = ["Wolves", "Tides", "Lights", "Kids", "Strangers", "Rivers", "Ghosts", "Echoes", "Kings"];

const cap = (s: string): string => titleCase(s);

function stageName(rng: Rng): Artist {
  const r = rng.next();
  if (r < 0.06) {
    const native = rng.pick(RUSSIAN) + (rng.chance(0.4) ? ` ${rng.pick(RUSSIAN)}` : "");
    return { kind: "stage", name: cap(romanise(native)), native: cap(native) };
  }
  if (r < 0.1) {
    let native = "";
    for (let i = rng.int(2, 3); i > 0; i--) native += rng.pick(HAN);
    return { kind: "stage", name: romanise(native), native };
  }
  if (r < 0.13) {
    const syl = [rng.pick(KANA), rng.pick(KANA), rng.pick(KANA)];
    return { kind: "stage", name: cap(syl.map((k) => k[1]).join("")), native: syl.map((k) => k[0]).join("") };
  }
  if (r < 0.45) return { kind: "stage", name: cap(pseudoWord(rng, rng.int(2, 3))) };
  if (r < 0.6) return { kind: "stage", name: `${rng.pick(PREFIXES)} ${cap(pseudoWord(rng, rng.int(1, 2)))}` };
  if (r < 0.8) return { kind: "stage", name: cap(`${rng.pick(ENGLISH)} ${rng.pick(ENGLISH)}`) };
  return { kind: "stage", name: cap(`${pseudoWord(rng, 1)} ${rng.pick(ENGLISH)}`) };
}

/** A new artist: 45 % solo people, 30 % stage names, 18 % "The ..." bands, 7 % duos. */
export function makeArtist(rng: Rng): Artist {
  const r = rng.next();
  if (r < 0.45) return { kind: "person", person: makePerson(rng) };
  if (r < 0.75) return stageName(rng);
  if (r < 0.93) {
    const noun = rng.chance(0.5) ? rng.pick(BAND_NOUNS) : `${cap(pseudoWord(rng, 2))}s`;
    const name = rng.chance(0.5) ? `${cap(rng.pick(ENGLISH))} ${noun}` : noun;
    return { kind: "band", name };
  }
  const a: Artist = rng.chance(0.7) ? { kind: "person", person: makePerson(rng, "latin") } : stageName(rng);
  const b: Artist = rng.chance(0.7) ? { kind: "person", person: makePerson(rng, "latin") } : stageName(rng);
  return { kind: "duo", members: [a, b] };
}

/** The artist's name as one service writes it. */
export function renderArtist(a: Artist, style: ArtistStyle): string {
  switch (a.kind) {
    case "person":
      return renderPerson(a.person, "full", style.native, style.alt);
    case "stage":
      return style.native && a.native ? a.native : a.name;
    case "band":
      return style.invertArticle ? `${a.name} The` : `The ${a.name}`;
    case "duo":
      return `${renderArtist(a.members[0], style)} & ${renderArtist(a.members[1], style)}`;
  }
}

/** True when a spelling choice could change this artist's name (used to tally transforms). */
export function hasNative(a: Artist): boolean {
  if (a.kind === "person") return a.person.native !== undefined;
  if (a.kind === "stage") return a.native !== undefined;
  if (a.kind === "duo") return hasNative(a.members[0]) || hasNative(a.members[1]);
  return false;
}
