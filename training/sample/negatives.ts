/**
 * Different recordings that look like a given one (hard negatives): other versions of the same song,
 * covers, re-recordings, similar titles by the same artist, numbered siblings (`Part 1` / `Part 2`)
 * and the same title by someone else.
 */
import { type Artist, makeArtist } from "./artists.ts";
import type { IsrcFactory } from "./isrc.ts";
import { makeComposers, makeRecording, type Recording, songLength } from "./recording.ts";
import type { Rng } from "./rng.ts";
import { sequelTitle, siblingTitles } from "./siblings.ts";
import { commonTitle, similarTitle } from "./titles.ts";
import { ADJECTIVES, NICKNAMES, NOUNS, titleCase } from "./words.ts";

/** Kinds of negative pairs, in the order of NEGATIVE_MIX. */
export const NEGATIVE_KINDS = [
  "version",
  "cover",
  "similar-title",
  "re-recording",
  "same-title",
  "numbered sibling",
  "unrelated",
] as const;
export type NegativeKind = (typeof NEGATIVE_KINDS)[number];
/** Share of each kind among negative pairs (sums to 1); a setting of the generator, see docs/sample-data.md. */
export const NEGATIVE_MIX: readonly number[] = [0.25, 0.14, 0.08, 0.06, 0.08, 0.06, 0.33];

const COLOURS = ["Purple", "Blue", "Midnight", "Sunset", "Deep", "Dub", "Club", "VIP", "Dark", "Neon"];
const PLACES = ["Wembley", "the Roxy", "Montreux", "Red Rocks", "Budokan", "the BBC", "Olympia", "Home"];

/** Version tags by family: each names a different recording (edit/mix, live, acoustic and kin). */
const TAGS: ReadonlyArray<readonly [string, number, (rng: Rng, remixer: string) => string]> = [
  ["mix", 14, (_, r) => `${r} Remix`],
  ["mix", 8, (rng) => `${titleCase(rng.chance(0.5) ? rng.pick(COLOURS) : rng.pick(NOUNS))} Mix`],
  ["edit", 5, (rng) => `${titleCase(rng.pick(ADJECTIVES))} Edit`],
  ["edit", 3, () => "Dance Edit"],
  ["edit", 7, () => "Radio Edit"],
  ["mix", 6, () => "Extended Mix"],
  ["mix", 3, () => "Extended Version"],
  ["live", 9, () => "Live"],
  ["live", 3, (rng) => `Live at ${rng.pick(PLACES)}`],
  ["live", 2, (rng) => `Live at ${rng.pick(PLACES)} ${rng.int(1970, 2023)}`],
  ["live", 1, (rng) => `Live from ${rng.pick(PLACES)}`],
  ["acoustic", 5, () => "Acoustic"],
  ["acoustic", 3, () => "Acoustic Version"],
  ["acoustic", 4, () => "Instrumental"],
  ["acoustic", 2, () => "Unplugged"],
  ["acoustic", 1, () => "A Cappella"],
  ["acoustic", 2, () => "Karaoke Version"],
  ["acoustic", 2, () => "Piano Version"],
  ["acoustic", 2, () => "Orchestral Version"],
  ["mix", 3, () => "Demo"],
  ["mix", 4, () => "Sped Up"],
  ["mix", 2, () => "Slowed + Reverb"],
  ["mix", 3, () => "Club Mix"],
  ["mix", 4, () => "Remix"],
  ["mix", 2, () => "Dub"],
];

const TAG_WEIGHTS = TAGS.map((t) => t[1]);

/** A version tag naming a different recording of the same song, e.g. `Purple Mix`, `Live`, `Karaoke Version`. */
export function versionTag(rng: Rng, remixer?: string): string {
  const [, , make] = rng.weighted(TAGS, TAG_WEIGHTS);
  return make(rng, remixer ?? rng.pick(NICKNAMES));
}

/** Tags that make a version plainly another recording; a code shared across one of these is a registration error. */
const CLEAR_VERSION = /live|extended|karaoke|cappella|unplugged|instrumental/i;

/** How long a version of a `base`-long song lasts, by its tag. */
function versionLength(rng: Rng, base: number, tag: string): number {
  const f = (lo: number, hi: number) => Math.round(base * (lo + rng.next() * (hi - lo)));
  if (/edit/i.test(tag)) return f(0.72, 0.95);
  if (/extended|club|dub/i.test(tag)) return f(1.25, 1.8);
  if (/sped up/i.test(tag)) return f(0.78, 0.85);
  if (/slowed/i.test(tag)) return f(1.15, 1.3);
  if (/live/i.test(tag)) return f(1.02, 1.3);
  return f(0.85, 1.25);
}

/**
 * A new code for a recording derived from `base`: under base's registrant with probability `sameLabel`,
 * in `year`. With probability `shared` it keeps base's code instead (a registration error).
 */
function newIsrc(
  rng: Rng,
  isrcs: IsrcFactory,
  base: Recording,
  sameLabel: number,
  year: number,
  shared: number,
): Pick<Recording, "isrc" | "label" | "year" | "parentIsrc"> {
  const label = rng.chance(sameLabel) ? base.label : isrcs.label();
  const isrc = rng.chance(shared) ? base.isrc : isrcs.code(label, year);
  return { isrc, label, year, parentIsrc: base.isrc };
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
      const year = Math.min(2024, base.year + rng.int(0, 12));
      return {
        ...from,
        version: tag,
        artists,
        durationMs: versionLength(rng, base.durationMs, tag),
        ...newIsrc(rng, isrcs, base, 0.75, year, CLEAR_VERSION.test(tag) ? 0.05 : 0.01),
      };
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
      const { film: _, ...rest } = base;
      return {
        ...rest,
        version: undefined,
        title: similarTitle(rng, base.title),
        composers,
        durationMs: songLength(rng),
        track: base.track + rng.int(1, 5),
        ...newIsrc(rng, isrcs, base, 0.8, Math.min(2024, base.year + rng.int(0, 4)), 0),
      };
    }
    case "re-recording": {
      const owner = base.artists[0];
      const who =
        owner?.kind === "person" ? owner.person.given : owner?.kind === "stage" ? owner.name : undefined;
      const year = Math.min(2024, base.year + rng.int(5, 30));
      const tags = [`${who ?? "Artist"}'s Version`, `${year} Version`, "Re-Recorded", `${year} Re-Recording`];
      // 25 % carry no tag at all: a setting of the generator, not a measured share
      const tag = rng.chance(0.75) ? rng.pick(tags) : undefined;
      return {
        ...base,
        version: tag,
        album: rng.chance(0.5) ? `${base.album} (${year} Version)` : base.album,
        durationMs: Math.round(base.durationMs * (0.97 + rng.next() * 0.06)),
        ...newIsrc(rng, isrcs, base, 0.5, year, 0),
      };
    }
    case "numbered sibling": {
      const title = base.siblingTitle ?? sequelTitle(rng, base.title);
      const { film: _, siblingTitle: __, ...rest } = base;
      const designation = isrcs.adjacent(base.isrc, rng.int(1, 3));
      return {
        ...rest,
        version: undefined,
        title,
        composers: rng.chance(0.85) ? base.composers : makeComposers(rng, base.artists[0]),
        durationMs: songLength(rng),
        track: base.track + 1,
        isrc: designation,
        parentIsrc: base.isrc,
      };
    }
    case "same-title":
      return makeRecording(rng, isrcs, base.title);
    case "unrelated":
      return makeRecording(rng, isrcs);
  }
}

/** A base recording suited to `kind`: a common title for `same-title`, a numbered title for siblings. */
export function baseFor(rng: Rng, isrcs: IsrcFactory, kind: NegativeKind): Recording {
  if (kind === "same-title") return makeRecording(rng, isrcs, commonTitle(rng));
  const rec = makeRecording(rng, isrcs);
  if (kind !== "numbered sibling") return rec;
  const [first, second] = siblingTitles(rng, rec.title);
  return { ...rec, title: first, siblingTitle: second };
}
