/**
 * One service's rendition of a recording: the four text fields as that service stores them, and the
 * list of spelling transforms applied (for the documentation's tally). Positives and negatives go
 * through the same function, so no transform by itself tells a duplicate from a different recording.
 */
import { type ArtistStyle, hasNative, renderArtist } from "./artists.ts";
import type { IsrcFactory } from "./isrc.ts";
import { type NameFormat, renderPerson } from "./names.ts";
import type { Recording } from "./recording.ts";
import { misplace, optionalFields, sameMasterTag } from "./rendition-extras.ts";
import type { Rng } from "./rng.ts";
import { styleOf } from "./service-style.ts";
import { addAccent, hasAccents, punctuate, stripAccents, typo } from "./text-noise.ts";
import type { OptionalFields } from "./types.ts";

/** The text columns of a `soundrecording` row. */
export interface Fields {
  title: string;
  artists: string;
  isrcs: string;
  contributors: string;
}

/** A rendition: fields, the ISRC it really carries (if any) and the transforms used. */
export interface Rendition {
  readonly fields: Fields;
  /** The optional columns (`--optional-columns`); null = the source does not give it. */
  readonly optional: OptionalFields;
  readonly shownIsrc?: string;
  readonly transforms: readonly string[];
}

const FORMATS: readonly NameFormat[] = ["full", "surname", "initial", "familyFirst"];
const BRACKETS = [(t: string) => ` (${t})`, (t: string) => ` [${t}]`, (t: string) => ` - ${t}`];
const missing = (rng: Rng): string => (rng.chance(0.2) ? "None" : "");

/** Render `rec` as `source` would store it. */
export function renderRecording(rng: Rng, isrcs: IsrcFactory, rec: Recording, source: string): Rendition {
  const style = styleOf(source);
  const tf: string[] = [];
  const native = rng.chance(style.native);
  const alt = rng.chance(0.3);
  const aStyle: ArtistStyle = { native, alt, invertArticle: rng.chance(style.invertArticle) };
  if (rec.title.native !== undefined || rec.artists.some(hasNative))
    tf.push(native ? "script:native" : "script:latin");
  if (aStyle.invertArticle && rec.artists.some((a) => a.kind === "band")) tf.push("article inverted");

  const latin =
    alt && rec.title.alts !== undefined && rec.title.alts.length > 0
      ? rng.pick(rec.title.alts)
      : rec.title.text;
  let title = native && rec.title.native !== undefined ? rec.title.native : latin;
  if (rec.title.native !== undefined && !native && latin !== rec.title.text) tf.push("alt romanisation");
  if (rec.version !== undefined) {
    const b = rng.chance(0.85) ? rec.versionStyle : rng.int(0, 2);
    title += (BRACKETS[b] ?? BRACKETS[0])?.(rec.version) ?? "";
  }
  let main = rec.artists.map((a) => renderArtist(a, aStyle));
  const feat = rec.featured.map((a) => renderArtist(a, aStyle));
  if (main.length > 1 && rng.chance(0.2)) {
    main = rng.shuffle(main);
    tf.push("artist order");
  }
  if (main.length > 1 && rng.chance(0.04)) {
    main = main.slice(0, -1);
    tf.push("artist dropped");
  }
  let artists = main.join(", ");
  if (feat.length > 0) {
    const place = rng.weighted(["title", "list", "inline"], style.feat);
    tf.push(`feat:${place}`);
    const who = feat.join(" & ");
    if (place === "title") title += rng.chance(0.8) ? ` (feat. ${who})` : ` (ft. ${who})`;
    else if (place === "list") artists = [...main, ...feat].join(", ");
    else artists += ` feat. ${who}`;
  }
  const note = sameMasterTag(rng, rec);
  if (note !== undefined) {
    title += note.text;
    tf.push(note.transform);
  }

  let contributors: string;
  if (rng.chance(style.missingContributors)) {
    contributors = missing(rng);
    tf.push("contributors missing");
  } else {
    const format = rng.weighted(FORMATS, style.nameFormat);
    if (format !== "full") tf.push(`names:${format}`);
    let names = rec.composers.map((p) => renderPerson(p, format, native, alt));
    if (names.length > 1 && rng.chance(0.12)) {
      names = names.slice(0, -1);
      tf.push("contributor subset");
    }
    if (names.length > 1 && rng.chance(0.12)) {
      names = rng.shuffle(names);
      tf.push("contributor order");
    }
    if (rec.publisher !== undefined && rng.chance(0.55)) {
      names.push(rec.publisher);
      tf.push("publisher");
    }
    contributors = [...new Set(names)].join("|");
  }
  const people = [...rec.composers, ...rec.artists.flatMap((a) => (a.kind === "person" ? [a.person] : []))];
  if (alt && people.some((p) => p.givenAlt !== p.given || p.familyAlt !== p.family))
    tf.push("alt romanisation");

  const fields: Fields = { title, artists, isrcs: "", contributors };
  if (rng.chance(style.misplaced)) tf.push(misplace(rng, rec, fields));
  noise(rng, fields, style.caps, tf);
  const shownIsrc = isrcOf(rng, isrcs, rec, fields, tf);
  const optional = optionalFields(rng, rec, shownIsrc);
  return shownIsrc === undefined
    ? { fields, optional, transforms: tf }
    : { fields, optional, shownIsrc, transforms: tf };
}

function noise(rng: Rng, f: Fields, caps: number, tf: string[]): void {
  if (rng.chance(caps)) {
    f.title = f.title.toUpperCase();
    f.artists = f.artists.toUpperCase();
    f.contributors = f.contributors === "None" ? f.contributors : f.contributors.toUpperCase();
    tf.push("upper case");
  } else if (rng.chance(0.03)) {
    f.title = f.title.toLowerCase();
    tf.push("lower case");
  }
  if (hasAccents(f.title + f.artists + f.contributors) && rng.chance(0.25)) {
    f.title = stripAccents(f.title);
    f.artists = stripAccents(f.artists);
    f.contributors = stripAccents(f.contributors);
    tf.push("accents dropped");
  } else if (rng.chance(0.02)) {
    f.title = addAccent(rng, f.title);
    tf.push("accent added");
  }
  if (rng.chance(0.05)) {
    f.title = typo(rng, f.title);
    tf.push("typo");
  }
  if (rng.chance(0.03)) {
    f.artists = typo(rng, f.artists);
    tf.push("typo");
  }
  if (rng.chance(0.07)) {
    f.title = punctuate(rng, f.title);
    tf.push("punctuation");
  }
}

function isrcOf(rng: Rng, isrcs: IsrcFactory, rec: Recording, f: Fields, tf: string[]): string | undefined {
  const r = rng.next();
  if (r < 0.075) {
    f.isrcs = missing(rng);
    tf.push("isrc missing");
    return undefined;
  }
  if (r < 0.105) {
    // a re-issue: same registrant under a later year of reference, or a licensee's own code (40 %)
    const year = Math.min(2024, rec.year + rng.int(1, 25));
    const licensed = year === rec.year || rng.chance(0.4);
    f.isrcs = isrcs.code(licensed ? isrcs.label() : rec.label, licensed ? Math.max(rec.year, year) : year);
    tf.push(licensed ? "isrc re-coded (licensee)" : "isrc re-coded (re-issue year)");
    return f.isrcs;
  }
  f.isrcs = rec.isrc;
  if (r < 0.125) {
    f.isrcs += (rng.chance(0.5) ? "|" : ",") + isrcs.sibling(rec.isrc);
    tf.push("two isrcs");
  }
  return rec.isrc;
}
