/**
 * Different recordings that look like a given one (hard negatives): other versions of the same song,
 * covers, re-recordings, similar titles by the same artist, and the same title by someone else.
 */
import { type Artist, makeArtist } from "./artists.ts";
import type { IsrcFactory } from "./isrc.ts";
import { makeComposers, makeRecording, type Recording } from "./recording.ts";
import type { Rng } from "./rng.ts";
import { commonTitle, similarTitle } from "./titles.ts";
import { ENGLISH, pseudoWord, titleCase } from "./words.ts";

/** Kinds of negative pairs, in the order of NEGATIVE_MIX. */
export const NEGATIVE_KINDS = [
  "version",
  "cover",
  "similar-title",
  "re-recording",
  "same-title",
  "unrelated",
] as const;
export type NegativeKind = (typeof NEGATIVE_KINDS)[number];
/** Share of each kind among negative pairs (sums to 1). */
export const NEGATIVE_MIX: readonly number[] = [0.27, 0.15, 0.1, 0.06, 0.08, 0.34];

const COLOURS = [
  "Purple",
  "Blue",
  "Midnight",
  "Sunset",
  "Deep",
  "Dub",
  "Club",
  "VIP",
  "Tequila",
  "Dark",
  "Neon",
];
const PLACES = ["Wembley", "the Roxy", "Montreux", "Red Rocks", "Budokan", "the BBC", "Olympia", "Home"];

/** A version tag naming a different recording of the same song, e.g. `Purple Mix`, `Live`, `Dance Edit`. */
export function versionTag(rng: Rng, remixer?: string): string {
  const w = titleCase(rng.chance(0.5) ? rng.pick(COLOURS) : rng.pick(ENGLISH));
  return rng.weighted(
    [
      `${remixer ?? titleCase(pseudoWord(rng, 2))} Remix`,
      `${w} Mix`,
      `${w} Edit`,
      "Dance Edit",
      "Radio Edit",
      "Extended Mix",
      "Extended Version",
      "Live",
      `Live at ${rng.pick(PLACES)}`,
      `Live at ${rng.pick(PLACES)} ${rng.int(1970, 2023)}`,
      "Acoustic",
      "Acoustic Version",
      "Instrumental",
      "Demo",
      "Piano Version",
      "Sped Up",
      "Slowed + Reverb",
      "Club Mix",
      "Unplugged",
      "Orchestral Version",
      "A Cappella",
      "Remix",
      "Dub",
    ],
    [14, 8, 6, 3, 7, 6, 3, 9, 3, 2, 5, 3, 4, 3, 2, 4, 2, 3, 2, 2, 1, 4, 2],
  );
}

function newIsrc(
  rng: Rng,
  isrcs: IsrcFactory,
  base: Recording,
  sameLabel: number,
): Pick<Recording, "isrc" | "label" | "year"> {
  const label = rng.chance(sameLabel) ? base.label : isrcs.label();
  const year = Math.min(2024, base.year + rng.int(0, 12));
  // ~2 % of derived versions carry the original's code: ISRCs are misassigned in real catalogs.
  const isrc = rng.chance(0.02) ? base.isrc : isrcs.code(label, year);
  return { isrc, label, year, parentIsrc: base.isrc } as Pick<Recording, "isrc" | "label" | "year">;
}

/** A recording of `kind` that is not `base`. `same-title` needs a base with a common title to be hard. */
export function deriveNegative(rng: Rng, isrcs: IsrcFactory, base: Recording, kind: NegativeKind): Recording {
  switch (kind) {
    case "version": {
      const remixer: Artist | undefined = rng.chance(0.3) ? makeArtist(rng) : undefined;
      const name =
        remixer?.kind === "person"
          ? remixer.person.family
          : remixer?.kind === "stage"
            ? remixer.name
            : undefined;
      const tag = versionTag(rng, name);
      // half the time the other side is the plain original, otherwise another tagged version
      const from = base.version === undefined || rng.chance(0.5) ? base : { ...base, version: undefined };
      const artists = remixer && tag.endsWith("Remix") ? [...from.artists, remixer] : from.artists;
      return { ...from, version: tag, artists, ...newIsrc(rng, isrcs, base, 0.75) };
    }
    case "cover": {
      const other = makeRecording(rng, isrcs, base.title);
      const lead = other.artists[0];
      const performer = lead?.kind === "person" && rng.chance(0.3) ? [lead.person] : [];
      return {
        ...other,
        composers: [...base.composers, ...performer],
        parentIsrc: base.isrc,
        ...(base.publisher ? { publisher: base.publisher } : {}),
      };
    }
    case "similar-title": {
      const composers = rng.chance(0.6) ? base.composers : makeComposers(rng, base.artists[0]);
      return {
        ...base,
        version: undefined,
        title: similarTitle(rng, base.title),
        composers,
        ...newIsrc(rng, isrcs, base, 0.8),
      };
    }
    case "re-recording": {
      const owner = base.artists[0];
      const who =
        owner?.kind === "person" ? owner.person.given : owner?.kind === "stage" ? owner.name : undefined;
      const year = Math.min(2024, base.year + rng.int(5, 30));
      const tags = [`${who ?? "Artist"}'s Version`, `${year} Version`, "Re-Recorded", `${year} Re-Recording`];
      const tag = rng.chance(0.75) ? rng.pick(tags) : undefined;
      return { ...base, version: tag, ...newIsrc(rng, isrcs, base, 0.3) };
    }
    case "same-title":
      return makeRecording(rng, isrcs, base.title);
    case "unrelated":
      return makeRecording(rng, isrcs);
  }
}

/** A base recording suited to `kind` (a common title for `same-title`). */
export function baseFor(rng: Rng, isrcs: IsrcFactory, kind: NegativeKind): Recording {
  return makeRecording(rng, isrcs, kind === "same-title" ? commonTitle(rng) : undefined);
}
