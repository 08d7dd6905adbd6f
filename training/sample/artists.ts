/**
 * Performing artists: solo people, stage names, "The ..." bands and duos ("A & B"), with the
 * spellings services use (`The Beatles` / `Beatles The` / `THE BEATLES`, native or romanised).
 */
import { makePerson, type Person, renderPerson, romanise, type Script } from "./names.ts";
import type { Rng } from "./rng.ts";
import { ADJECTIVES, NICKNAMES, NOUNS, plural, titleCase } from "./words.ts";
import { CHINESE, hepburnVariants, JAPANESE, KOREAN, RUSSIAN } from "./world-words.ts";

/** A performer as a catalog knows it. */
export type Artist =
  | { readonly kind: "person"; readonly person: Person }
  | { readonly kind: "stage"; readonly name: string; readonly native?: string; readonly script?: Script }
  | { readonly kind: "band"; readonly name: string }
  | { readonly kind: "duo"; readonly members: readonly [Artist, Artist] };

/** Spelling choices of one service for artist names. */
export interface ArtistStyle {
  readonly native: boolean;
  readonly alt: boolean;
  readonly invertArticle: boolean;
}

const PREFIXES = ["DJ", "Lil", "MC", "Young", "Big", "Saint", "Miss", "Dr."];
const GIVEN_ONLY = ["Adele", "Ava", "Jamal", "Leona", "Mika", "Nico", "Rosa", "Tove", "Yara", "Zara", "Kai"];

const cap = (s: string): string => titleCase(s);

function stageName(rng: Rng): Artist {
  const r = rng.next();
  if (r < 0.05) {
    const native = rng.pick(RUSSIAN) + (rng.chance(0.4) ? ` ${rng.pick(RUSSIAN)}` : "");
    return { kind: "stage", name: cap(romanise(native)), native: cap(native), script: "cyrillic" };
  }
  if (r < 0.08) {
    const native = rng.pick(CHINESE) + (rng.chance(0.3) ? rng.pick(CHINESE) : "");
    return { kind: "stage", name: romanise(native), native, script: "chinese" };
  }
  if (r < 0.11) {
    const [native, macron] = rng.pick(JAPANESE);
    return { kind: "stage", name: cap(hepburnVariants(macron).plain), native, script: "japanese" };
  }
  if (r < 0.13) {
    const [native, rr] = rng.pick(KOREAN);
    return { kind: "stage", name: cap(rr), native, script: "korean" };
  }
  if (r < 0.35) return { kind: "stage", name: `${rng.pick(PREFIXES)} ${rng.pick(NICKNAMES)}` };
  if (r < 0.55) return { kind: "stage", name: cap(`${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`) };
  if (r < 0.7) return { kind: "stage", name: rng.pick(NICKNAMES) };
  if (r < 0.85) return { kind: "stage", name: rng.pick(GIVEN_ONLY) };
  return { kind: "stage", name: `${rng.pick(NICKNAMES)} ${cap(rng.pick(NOUNS))}` };
}

/** A new artist: 45 % solo people, 30 % stage names, 18 % "The ..." bands, 7 % duos. */
export function makeArtist(rng: Rng): Artist {
  const r = rng.next();
  if (r < 0.45) return { kind: "person", person: makePerson(rng) };
  if (r < 0.75) return stageName(rng);
  if (r < 0.93) {
    const noun = cap(plural(rng.pick(NOUNS)));
    const name = rng.chance(0.6) ? `${cap(rng.pick(ADJECTIVES))} ${noun}` : noun;
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
