import { isrcRelation } from "./isrc.ts";
import { artistWords } from "./names.ts";
import { albumSegment, type PreparedRecording, type TitleForm, titleForm } from "./recording.ts";
import { jaccard, sameList, stringSimilarity } from "./similarity.ts";
import { familyDifferences, TAG_FAMILIES, type TagFamily } from "./tags.ts";
import { parseTitle } from "./title.ts";
import { containment, sharedHashes } from "./word-hashes.ts";

const FAMILY_FEATURES = TAG_FAMILIES.map((family) => `tag_${family}_diff` as const);

/**
 * The features of a pair, in model order. The first four are the suggested baseline; the model file
 * records these names and loading refuses a model whose names differ.
 */
export const FEATURE_NAMES = [
  "title_sim",
  "artists_sim",
  "contributors_sim",
  "isrc_match",
  "isrc_conflict",
  "artists_missing",
  "title_best_sim",
  "sequence_diff",
  "isrc_sibling",
  "isrc_registrant_other_year",
  "isrc_match_version_diff",
  "isrc_conflict_text_agree",
  ...FAMILY_FEATURES,
  "text_overlap",
  "text_jaccard",
  "artist_in_title",
  "album_in_title",
  "album_sim",
  "album_missing",
  "duration_close",
  "duration_missing",
  "year_match",
  "year_missing",
  "title_prefix_words",
  "title_prefix_share",
  "title_lead_sim",
  "title_artist_sim",
  "glued_title_artist_sim",
  "version_diff_text_agree",
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** The four suggested features: title, artists, contributors similarity and ISRC coincidence. */
export const BASELINE_FEATURES: readonly FeatureName[] = FEATURE_NAMES.slice(0, 4);

/** Bumped whenever a feature's definition changes, so old models are refused. */
export const FEATURE_VERSION = 23;

/** Tag families whose difference is clear version evidence (another performance or arrangement). */
export const VERSION_TAG_FAMILIES: readonly TagFamily[] = [
  "edit_mix",
  "live",
  "acoustic",
  "alternate",
  "rerecorded",
];
const VERSION_FAMILIES = VERSION_TAG_FAMILIES.map((f) => TAG_FAMILIES.indexOf(f));
/** How many leading words of the song's names title_prefix_words compares. */
const PREFIX_WORDS = 6;
/**
 * Durations further apart than this read as unrelated (duration_close = 0). One master's length
 * differs between services by rounding and a second or two of lead-in or fade; an edit, a remix or
 * a live take by more: of MusicBrainz 20K's labelled pairs with both lengths, 11,884 duplicates and
 * 897 others lie within 2 s, 5 duplicates and 1,126 others within 2-5 s. 30 s read a pair 5 s apart
 * as 0.83 close; 5 s lowered iTunes-Amazon's cross-validated log-loss from 0.115 to 0.103
 * (docs/measurements.md, "Feature version 18").
 */
const DURATION_SPAN_MS = 5_000;

/**
 * Features of two prepared recordings, each in [0, 1], in FEATURE_NAMES order. Missing fields are
 * told apart from mismatches: a comparison with a missing side is 0 and its `_missing` flag is 1.
 */
export function extractFeatures(a: PreparedRecording, b: PreparedRecording): number[] {
  const at = titleFormAgainst(a, b);
  const bt = titleFormAgainst(b, a);
  const isrc = isrcRelation(a.isrcs, b.isrcs);
  const titleSim = stringSimilarity(a.titleCore, b.titleCore);
  const artistsSim = stringSimilarity(a.artists.key, b.artists.key);
  const families = familyDifferences(at.tagMarkers, bt.tagMarkers);
  const sequenceDiff = sameList(at.sequence, bt.sequence) ? 0 : 1;
  const albumsPresent = a.album !== "" && b.album !== "";
  const durationsPresent = a.durationMs !== null && b.durationMs !== null;
  const yearsPresent = a.year !== null && b.year !== null;
  const prefix = sharedLeadingWords(a.titleCore, b.titleCore, PREFIX_WORDS);
  const textShared = sharedHashes(a.textHashes, b.textHashes);
  const textUnion = a.textHashes.length + b.textHashes.length - textShared;
  const shorter = Math.min(a.titleWordCount, b.titleWordCount, PREFIX_WORDS);
  const textOverlap = textShared / Math.max(1, Math.min(a.textHashes.length, b.textHashes.length));
  return [
    titleSim,
    artistsSim,
    stringSimilarity(a.contributors.key, b.contributors.key),
    isrc.shared ? 1 : 0,
    isrc.present && !isrc.shared ? 1 : 0,
    a.artists.hashes.length === 0 || b.artists.hashes.length === 0 ? 1 : 0,
    bestTitleSimilarity(a, at, b, bt, titleSim),
    sequenceDiff,
    isrc.sibling ? 1 : 0,
    isrc.registrantOtherYear ? 1 : 0,
    isrc.shared && versionDiffers(at, bt, sequenceDiff, families) ? 1 : 0,
    isrc.present && !isrc.shared ? titleFullSimilarity(at, a, bt, b, titleSim) * artistsSim : 0,
    // The families one by one: spread (`...families`), they grew this list twice, ~750 bytes a pair.
    families[0],
    families[1],
    families[2],
    families[3],
    families[4],
    families[5],
    families[6],
    families[7],
    families[8],
    families[9],
    textOverlap,
    textUnion === 0 ? 0 : textShared / textUnion,
    Math.max(containment(a.artists.hashes, b.titleHashes), containment(b.artists.hashes, a.titleHashes)),
    Math.max(containment(a.albumHashes, b.titleHashes), containment(b.albumHashes, a.titleHashes)),
    albumsPresent ? stringSimilarity(a.album, b.album) : 0,
    albumsPresent ? 0 : 1,
    durationsPresent
      ? Math.max(0, 1 - Math.abs((a.durationMs as number) - (b.durationMs as number)) / DURATION_SPAN_MS)
      : 0,
    durationsPresent ? 0 : 1,
    yearsPresent && a.year === b.year ? 1 : 0,
    yearsPresent ? 0 : 1,
    prefix / PREFIX_WORDS,
    shorter === 0 ? 0 : prefix / shorter,
    leadSimilarity(a, b, titleSim),
    Math.max(titleArtistSimilarity(a, b), titleArtistSimilarity(b, a)),
    gluedSimilarity(a, b),
    versionFamilyDiffers(families) ? textOverlap : 0,
  ];
}

/**
 * Whether the titles differ in a version tag family (edit/mix, live, acoustic/karaoke, demo,
 * re-recorded). The last feature is text_overlap for such a pair, 0 otherwise: the interaction a
 * linear model needs for version evidence to weigh more the more the rest of the text agrees.
 * `This Love (Karaoke Version)` and `This Love`, both by Taylor Swift, differ in nothing else, yet
 * the family feature alone weighs for them as much as for two songs whose names differ too.
 */
function versionFamilyDiffers(families: readonly number[]): boolean {
  return VERSION_FAMILIES.some((i) => families[i] === 1);
}

/**
 * For a pair where one record names no artists and the other does, and the first's song name
 * holds the other's artist words with spaces left out (`CharlyGarcíaNobombardeenBuenosAires`, a
 * source that glued the fields): the similarity of what remains of it with the other's song name,
 * spaces left out. 0 otherwise: both or neither name artists, or the artists are not in the title.
 */
function gluedSimilarity(a: PreparedRecording, b: PreparedRecording): number {
  if (a.artistless === b.artistless) return 0;
  const [x, y] = a.artistless ? [a, b] : [b, a];
  const artists = y.artists.words.join("");
  if (artists.length < 3) return 0;
  const glued = x.titleCore.replaceAll(" ", "");
  const at = glued.indexOf(artists);
  if (at < 0) return 0;
  const rest = glued.slice(0, at) + glued.slice(at + artists.length);
  return rest === "" ? 0 : stringSimilarity(rest, y.titleCore.replaceAll(" ", ""));
}

/**
 * The shorter song name against as many leading words of the longer one: a source that writes
 * other fields after the name ("Gone The Weeknd Trilogy") still compares name with name. Equals
 * title_sim when both names have the same number of words.
 */
function leadSimilarity(a: PreparedRecording, b: PreparedRecording, coreSim: number): number {
  const m = a.titleWordCount;
  const n = b.titleWordCount;
  if (m === n || m === 0 || n === 0) return coreSim;
  return m < n
    ? stringSimilarity(a.titleCore, leadingWords(b.titleCore, m))
    : stringSimilarity(leadingWords(a.titleCore, n), b.titleCore);
}

/**
 * The first `count` words of a text whose words are split on single spaces (as titleWordCount
 * counts them): its start up to the count-th space, with no word list made per pair.
 * @example leadingWords("gone the weeknd trilogy", 1) // "gone"
 */
export function leadingWords(text: string, count: number): string {
  if (count <= 0) return "";
  let end = -1;
  for (let i = 0; i < count; i++) {
    end = text.indexOf(" ", end + 1);
    if (end === -1) return text;
  }
  return text.slice(0, end);
}

/**
 * Whether two titles read as different versions: a sequence mark, a version tag family or a
 * descriptive tag word differs. Asked only of pairs that share an ISRC.
 */
function versionDiffers(
  at: TitleForm,
  bt: TitleForm,
  sequenceDiff: number,
  families: readonly number[],
): boolean {
  return (
    sequenceDiff === 1 || versionFamilyDiffers(families) || jaccard(at.versionWords, bt.versionWords) < 1
  );
}

/** The similarity of the two titles with their version tags; the core titles' when neither has tags. */
function titleFullSimilarity(
  at: TitleForm,
  a: PreparedRecording,
  bt: TitleForm,
  b: PreparedRecording,
  coreSim: number,
): number {
  const untagged = at.titleFull === a.titleCore && bt.titleFull === b.titleCore;
  return untagged ? coreSim : stringSimilarity(at.titleFull, bt.titleFull);
}

/**
 * The title form of `a` to compare with `b`: without a trailing segment when that segment is `b`'s
 * album ("Rocker - Essential Underground, Volume 9" against a record of that album), else its own.
 * For a record without artists the segment is `b`'s album only when the text before it reads as
 * `b`'s song (see albumSegment).
 */
function titleFormAgainst(a: PreparedRecording, b: PreparedRecording): TitleForm {
  if (b.album === "") return a;
  const segment = albumSegment(a.titleText, a.artistless, b.album, b.raw.album, b.titleCore);
  return segment ? titleForm(parseTitle(segment.rest, a.artistless)) : a;
}

/**
 * For a record `a` without artists whose title is split by a dash ("Artist - Title" from a source
 * that leaves the artist empty, or "Title - Artist"), the similarity of the half of its title
 * closer to `b`'s artists with those artists; 0 when `a` has artists, `b` has none in its artists
 * field (two such records compare the text before their dashes as artists) or the title has no dash.
 */
function titleArtistSimilarity(a: PreparedRecording, b: PreparedRecording): number {
  // A record whose artists field names someone has artist words, so `b` is compared only then.
  if (!a.artistless || b.artistless || a.titleAlt === "") return 0;
  const half = (text: string) => stringSimilarity(artistWords(text, []).key, b.artists.key);
  return Math.max(half(a.titleCore), half(a.titleAlt));
}

/** The best similarity of either title's name or its dash-split other half ("Artist - Title"). */
function bestTitleSimilarity(
  a: PreparedRecording,
  at: TitleForm,
  b: PreparedRecording,
  bt: TitleForm,
  coreSim: number,
): number {
  if (at.titleAlt === "" && bt.titleAlt === "") return coreSim;
  let best = coreSim;
  for (const x of [a.titleCore, at.titleAlt])
    for (const y of [b.titleCore, bt.titleAlt])
      if (x !== "" && y !== "" && (x !== a.titleCore || y !== b.titleCore) && !bothArtists(x, y))
        best = Math.max(best, stringSimilarity(x, y));
  return best;

  /** Whether x and y are the artists two records without artists wrote before their titles' dash. */
  function bothArtists(x: string, y: string): boolean {
    return a.artistless && b.artistless && x === at.titleAlt && y === bt.titleAlt;
  }
}

/**
 * How many leading words (split on single spaces, as titleWordCount counts them) two texts share, at most
 * `most`: the same count as comparing their word lists, read off the strings themselves.
 * @example sharedLeadingWords("let it be", "let it bleed", 6) // 2
 */
export function sharedLeadingWords(a: string, b: string, most: number): number {
  if (a === "" || b === "") return 0;
  const n = Math.min(a.length, b.length);
  let shared = 0;
  for (let i = 0; i < n; i++) {
    const unit = a.charCodeAt(i);
    if (unit !== b.charCodeAt(i)) return shared;
    if (unit === SPACE && ++shared === most) return shared;
  }
  // The shorter text ended: its last word is shared when the other's ends there too.
  const longer = a.length > n ? a : b;
  if (longer.length === n || longer.charCodeAt(n) === SPACE) shared++;
  return Math.min(shared, most);
}

const SPACE = 32;
