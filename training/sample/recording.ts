/**
 * A recording as the world knows it, before any service spells it: title, performers, composers,
 * publisher and its ISRC. Records in the catalog are renditions of recordings (see variants.ts).
 */
import { type Artist, makeArtist } from "./artists.ts";
import type { IsrcFactory } from "./isrc.ts";
import { makePerson, type Person, type Script } from "./names.ts";
import type { Rng } from "./rng.ts";
import { albumTitle, makeTitle, type Title } from "./titles.ts";
import { NOUNS, titleCase } from "./words.ts";

/** One master recording. `version` set means a remix/live/edit etc. of the song `title`. */
export interface Recording {
  readonly title: Title;
  readonly version?: string;
  /** 0 `(Live)`, 1 `[Live]`, 2 `- Live`. */
  readonly versionStyle: number;
  readonly artists: readonly Artist[];
  readonly featured: readonly Artist[];
  readonly composers: readonly Person[];
  readonly publisher?: string;
  readonly isrc: string;
  readonly label: string;
  readonly year: number;
  /** ISRC of the recording this one was derived from (a cover's original, a remix's source). */
  readonly parentIsrc?: string;
  /** The release it first came out on, its track number and its length. */
  readonly album: string;
  readonly track: number;
  readonly durationMs: number;
  /** Film it was made for; some services note `(From the Motion Picture "X")`. */
  readonly film?: string;
  /** The title of the next numbered track (`Part 2`) when this one is `Part 1`. */
  readonly siblingTitle?: Title;
}

const MAJORS = [
  "Sony/ATV Music Publishing",
  "Warner Chappell Music",
  "Kobalt Songs Music Publishing",
  "BMG Rights Management",
  "Universal Music Publishing",
  "Peermusic",
  "Budde Music",
  "Concord Music",
];

/** A publisher name: a major, or `Edizioni X`, `X Music Publishing`, `Éditions X`, `X Musikverlag`. */
export function makePublisher(rng: Rng): string {
  const x = rng.chance(0.6) ? makePerson(rng, "latin").family : titleCase(rng.pick(NOUNS));
  return rng.weighted(
    [
      rng.pick(MAJORS),
      `Edizioni ${x}`,
      `${x} Music Publishing`,
      `Éditions ${x}`,
      `${x} Musikverlag`,
      `${x} Songs`,
    ],
    [30, 15, 25, 10, 8, 12],
  );
}

function scriptOf(a: Artist | undefined): Script {
  if (a?.kind === "person") return a.person.script;
  if (a?.kind === "stage") return a.script ?? "latin";
  return "latin";
}

/** The composers of a new song: 1-5 people, sometimes the singer, often sharing the singer's script. */
export function makeComposers(rng: Rng, lead: Artist | undefined): Person[] {
  const n = rng.weighted([1, 2, 3, 4, 5], [22, 36, 24, 12, 6]);
  const script = scriptOf(lead);
  const out: Person[] = [];
  if (lead?.kind === "person" && rng.chance(0.35)) out.push(lead.person);
  while (out.length < n)
    out.push(script !== "latin" && rng.chance(0.6) ? makePerson(rng, script) : makePerson(rng));
  return out;
}

/** A new, unrelated recording; `title` forces the title (common titles, covers). */
export function makeRecording(rng: Rng, isrcs: IsrcFactory, title?: Title): Recording {
  const artists: Artist[] = [];
  for (let i = rng.weighted([1, 2, 3, 4], [76, 15, 6, 3]); i > 0; i--) artists.push(makeArtist(rng));
  const featured: Artist[] = [];
  for (let i = rng.weighted([0, 1, 2], [78, 18, 4]); i > 0; i--) featured.push(makeArtist(rng));
  const label = isrcs.label();
  const year = rng.int(1960, 2024);
  const t = title ?? makeTitle(rng);
  return {
    title: t,
    versionStyle: rng.weighted([0, 1, 2], [70, 12, 18]),
    artists,
    featured,
    composers: makeComposers(rng, artists[0]),
    ...(rng.chance(0.25) ? { publisher: makePublisher(rng) } : {}),
    isrc: isrcs.code(label, year),
    label,
    year,
    album: rng.chance(0.35) ? t.text : albumTitle(rng),
    track: rng.weighted(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
      [14, 10, 9, 9, 8, 8, 7, 7, 6, 6, 5, 5, 3, 3],
    ),
    durationMs: songLength(rng),
    ...(rng.chance(0.03) ? { film: albumTitle(rng) } : {}),
  };
}

/** A song length in milliseconds: about 3.5 minutes, rarely under 2 or over 6. */
export function songLength(rng: Rng): number {
  const seconds =
    150 + rng.next() * 60 + rng.next() * 60 + rng.next() * 60 + (rng.chance(0.1) ? rng.int(60, 180) : 0);
  return Math.round(seconds * 1000);
}
