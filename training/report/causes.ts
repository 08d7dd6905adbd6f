import { FEATURE_NAMES, type FeatureName, VERSION_TAG_FAMILIES } from "../../lambda/features.ts";
import type { PreparedRecording } from "../../lambda/recording.ts";
import { jaccard, spacedOverlap } from "../../lambda/similarity.ts";
import { overlap, sharedHashes } from "../../lambda/word-hashes.ts";

/** Scripts other than Latin that titles and names come in; one side in such a script means transliteration. */
const NON_LATIN =
  /[\p{Script=Cyrillic}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Thai}]/u;

/** What a pair's two records show, read from the records and features alone (real data has no labels of cause). */
interface PairView {
  a: PreparedRecording;
  b: PreparedRecording;
  /** A feature's value, or NaN when the feature set has no such name (every test on it is then false). */
  f: (name: FeatureName | string) => number;
  label: number;
}

/**
 * Causes an error can be put down to, each a test on the two records; a pair may show several.
 * Ordered from most to least specific, so tables read top-down.
 */
export const CAUSES: readonly { name: string; test: (p: PairView) => boolean }[] = [
  { name: "version tags differ", test: versionDiffers },
  { name: "non-Latin script on one side (transliteration)", test: ({ a, b }) => nonLatin(a) !== nonLatin(b) },
  { name: "ISRC missing on a side", test: ({ a, b }) => a.isrcs.length === 0 || b.isrcs.length === 0 },
  { name: "ISRC shared by a non-duplicate", test: ({ f, label }) => label === 0 && f("isrc_match") === 1 },
  { name: "ISRC differs on a duplicate", test: ({ f, label }) => label === 1 && f("isrc_conflict") === 1 },
  {
    name: "all text agrees, ISRCs differ (re-recording?)",
    test: (p) =>
      p.f("isrc_conflict") === 1 &&
      p.f("title_sim") === 1 &&
      artistsOverlap(p.a, p.b) === 1 &&
      !versionDiffers(p),
  },
  {
    name: "ISRCs of neighbouring tracks (same registrant and year)",
    test: ({ a, b, f }) => f("isrc_match") !== 1 && neighbours(a.isrcs, b.isrcs),
  },
  {
    name: "titles differ only by a number or sequence word (Part 2, Vol. 1, Reprise)",
    test: ({ a, b }) => numberless(a.raw.title) === numberless(b.raw.title) && a.raw.title !== b.raw.title,
  },
  {
    name: "field in the wrong place (artist in title, track number, empty artists)",
    test: ({ a, b }) => misplaced(a, b) || misplaced(b, a),
  },
  { name: "contributors missing on a side", test: ({ a, b }) => contributorsMissing(a, b) },
  {
    name: "contributors differ",
    test: ({ a, b }) =>
      !contributorsMissing(a, b) && overlap(a.contributors.hashes, b.contributors.hashes) < 0.5,
  },
  { name: "artists differ (cover, other act)", test: ({ a, b }) => artistsOverlap(a, b) < 0.5 },
  {
    name: "artists listed differently (feat., subset)",
    test: ({ a, b }) => artistsOverlap(a, b) >= 0.5 && a.artists.key !== b.artists.key,
  },
  {
    name: "title spelling differs (typo, punctuation)",
    test: ({ a, b, f }) => a.titleCore !== b.titleCore && f("title_sim") >= 0.8,
  },
  { name: "titles differ", test: ({ f }) => f("title_sim") < 0.8 },
  { name: "short or common title", test: ({ a, b }) => Math.min(letters(a), letters(b)) <= 5 },
];

/**
 * spacedOverlap of two records' artist words: 1 when one side's words are all in the other's (the
 * same artists, or a guest more), 0 when a side has none.
 */
function artistsOverlap(a: PreparedRecording, b: PreparedRecording): number {
  const shorter = Math.min(a.artists.hashes.length, b.artists.hashes.length);
  if (shorter === 0) return 0;
  if (sharedHashes(a.artists.hashes, b.artists.hashes) === shorter) return 1;
  return spacedOverlap(new Set(a.artists.words), new Set(b.artists.words));
}

/** Whether either side has no contributors. */
function contributorsMissing(a: PreparedRecording, b: PreparedRecording): boolean {
  return a.contributors.hashes.length === 0 || b.contributors.hashes.length === 0;
}

/** Version evidence: descriptive tag words, a version tag family or a sequence mark differs. */
function versionDiffers({ a, b, f }: PairView): boolean {
  return (
    jaccard(a.versionWords, b.versionWords) < 1 ||
    f("sequence_diff") === 1 ||
    VERSION_TAG_FAMILIES.some((family) => f(`tag_${family}_diff`) === 1)
  );
}

/** The fallback when no test fires: every field agrees, so the label itself is the likely culprit. */
export const NO_CAUSE = "no visible cause (every field agrees)";

/**
 * Names every cause a pair shows, or NO_CAUSE when none does.
 * @example causesOf(live, studio, features, 1) // ["version tags differ", ...]
 */
export function causesOf(
  a: PreparedRecording,
  b: PreparedRecording,
  features: readonly number[],
  label: number,
): string[] {
  const f = (name: string) => {
    const i = (FEATURE_NAMES as readonly string[]).indexOf(name);
    return i < 0 ? Number.NaN : (features[i] as number);
  };
  const found = CAUSES.filter((cause) => cause.test({ a, b, f, label })).map((cause) => cause.name);
  return found.length > 0 ? found : [NO_CAUSE];
}

/** True when some code of `x` and some code of `y` differ only in a nearby designation (digits 8-12). */
function neighbours(x: readonly string[], y: readonly string[]): boolean {
  return x.some((c) =>
    y.some(
      (d) =>
        c !== d && c.slice(0, 7) === d.slice(0, 7) && Math.abs(Number(c.slice(7)) - Number(d.slice(7))) <= 20,
    ),
  );
}

const SEQUENCE = /\b(part|pt|vol|no|[ivx]+|\d+|prologue|epilogue|intro|outro|interlude|reprise)\b/g;

/** A title without numbers, numerals, sequence words and punctuation, lower case. */
function numberless(title: string | null | undefined): string {
  return (title ?? "")
    .toLowerCase()
    .replace(SEQUENCE, " ")
    .replace(/[^\p{L}]+/gu, " ")
    .trim();
}

/** `a` has a track number in front of its title, empty artists, or `b`'s artist written in its title. */
function misplaced(a: PreparedRecording, b: PreparedRecording): boolean {
  const title = (a.raw.title ?? "").toLowerCase();
  if (/^\d{1,3}(-|\. | - )/.test(title)) return true;
  if ((a.raw.artists ?? "").trim() === "" && (b.raw.artists ?? "").trim() !== "") return true;
  const first =
    (b.raw.artists ?? "")
      .split(/, | & | feat\. /i)[0]
      ?.trim()
      .toLowerCase() ?? "";
  return first.length >= 3 && title.includes(`${first} - `);
}

function letters(record: PreparedRecording): number {
  return record.titleCore.replace(/ /g, "").length;
}

function nonLatin(record: PreparedRecording): boolean {
  return NON_LATIN.test(`${record.raw.title ?? ""} ${record.raw.artists ?? ""}`);
}
