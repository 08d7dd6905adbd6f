/**
 * Parts of a rendition that keep the master: same-master notes in the title (remaster, clean/explicit,
 * mono/stereo, soundtrack), fields written in the wrong place (`Artist - Title`, `Title (Album)`,
 * `07-Title`), and the optional columns (album, duration, year) as one source gives them.
 */
import type { Recording } from "./recording.ts";
import type { Rng } from "./rng.ts";
import type { OptionalFields } from "./types.ts";
import type { Fields } from "./variants.ts";

const BRACKETS = [(t: string) => ` (${t})`, (t: string) => ` [${t}]`, (t: string) => ` - ${t}`];
const bracket = (rng: Rng, t: string): string => (rng.pick(BRACKETS) as (t: string) => string)(t);

const REMASTER = [
  "Remastered",
  "Remastered 2009",
  "2011 Remaster",
  "Remaster",
  "2015 Remastered Version",
  "Original Mix",
  "Album Version",
];
const CLEAN_EXPLICIT = ["Clean", "Explicit", "Clean Version", "Explicit Version"];
const MONO_STEREO = ["Mono", "Mono Version", "Stereo", "Stereo Version", "2009 Mono Remaster"];

/**
 * A note that does not change the recording under our sample's convention, or undefined (most
 * renditions): remaster 5 %, clean/explicit 3 %, mono/stereo 1.5 %, and for songs from a film the
 * soundtrack note 55 % of the time. Settings of the generator, not measured shares.
 */
export function sameMasterTag(rng: Rng, rec: Recording): { text: string; transform: string } | undefined {
  if (rec.film !== undefined && rng.chance(0.55)) {
    const q = rng.chance(0.7) ? ['"', '"'] : ["“", "”"];
    const film = `${q[0]}${rec.film}${q[1]}`;
    const text = rng.pick([
      ` (From the Motion Picture ${film})`,
      ` (From ${film})`,
      ` - From ${film} Soundtrack`,
      " (Original Motion Picture Soundtrack)",
    ]);
    return { text, transform: "soundtrack note" };
  }
  const r = rng.next();
  if (r < 0.05) return { text: bracket(rng, rng.pick(REMASTER)), transform: "remaster tag" };
  if (r < 0.08) return { text: bracket(rng, rng.pick(CLEAN_EXPLICIT)), transform: "clean/explicit tag" };
  if (r < 0.095) return { text: bracket(rng, rng.pick(MONO_STEREO)), transform: "mono/stereo tag" };
  return undefined;
}

/**
 * Writes a field where it does not belong and returns the transform's name: the artist before the
 * title (`Artist - Title`, artists left empty 60 % of the time), the album after it, or a track number
 * in front (`07-Title`, `007-Title`, `07. Title`).
 */
export function misplace(rng: Rng, rec: Recording, f: Fields): string {
  const form = rng.weighted(["artist", "album", "track"], [45, 25, 30]);
  if (form === "artist" && f.artists !== "") {
    f.title = `${f.artists} - ${f.title}`;
    if (rng.chance(0.6)) f.artists = "";
    return "artist in title";
  }
  if (form === "album" && rec.album !== rec.title.text) {
    f.title = `${f.title} (${rec.album})`;
    return "album in title";
  }
  const n = String(rec.track);
  const prefix = rng.pick([
    `${n.padStart(2, "0")}-`,
    `${n.padStart(3, "0")}-`,
    `${n.padStart(2, "0")}. `,
    `${n} - `,
  ]);
  f.title = prefix + f.title;
  return "track number in title";
}

const COMPILATIONS = [
  "Greatest Hits",
  "The Collection",
  "Essentials",
  "Love Songs",
  "The Best Of",
  "Anthology",
];

/**
 * The optional columns one source gives for `rec`: album (15 % missing, 10 % a compilation), duration
 * (20 % missing, within 1.5 s of the master 85 % of the time, else within 4 s) and year (20 % missing;
 * the re-issue year when the code was re-issued under another year).
 */
export function optionalFields(rng: Rng, rec: Recording, shownIsrc: string | undefined): OptionalFields {
  const a = rng.next();
  const album = a < 0.15 ? null : a < 0.25 ? rng.pick(COMPILATIONS) : rec.album;
  const jitter = rng.chance(0.85) ? 1500 : 4000;
  const duration_ms = rng.chance(0.2) ? null : Math.max(1000, rec.durationMs + rng.int(-jitter, jitter));
  let coded = shownIsrc === undefined ? rec.year : 1900 + Number(shownIsrc.slice(5, 7));
  if (coded < rec.year) coded += 100;
  const year = rng.chance(0.2) ? null : coded > 2024 ? rec.year : coded;
  return { album, duration_ms, year };
}
