/**
 * The 202 sources of the real catalog and their native id formats. The nine largest keep the
 * profile's counts as weights; the other 193 follow a flat Zipf tail summing to the profile's rest.
 */
import { Rng } from "./rng.ts";

/** Ids per source in the real catalog (SEED-DATA-PROFILE.md). */
const TOP: ReadonlyArray<readonly [string, number]> = [
  ["spotify_apidsr", 16958],
  ["youtube_dsr", 6811],
  ["apple", 6059],
  ["crawler_247", 5200],
  ["crawler_believe", 2014],
  ["crawler_new247", 1499],
  ["tedald_spotify", 1423],
  ["crawler_theorchard", 1380],
  ["spotify", 1304],
];
const ONSETS = "b br c ch cl d dr f fl g gr h j k kr l m n p pl r s sh st t tr v w z".split(" ");
const VOWELS = "a e i o u ai ea ou oo io".split(" ");

/** A made-up two-syllable name for an unnamed aggregator (source names only, never titles or artists). */
function feedName(rng: Rng): string {
  let w = "";
  for (let i = 0; i < 2; i++) w += rng.pick(ONSETS) + rng.pick(VOWELS);
  return w + rng.pick(["", "", "n", "r", "x", "m"]);
}

const TAIL_TOTAL = 55549 - TOP.reduce((s, [, n]) => s + n, 0);
const TAIL_SIZE = 202 - TOP.length;

const KNOWN_TAIL =
  `deezer amazon tidal napster soundcloud pandora iheart anghami boomplay jiosaavn kkbox melon
  genie bugs netease qqmusic kugou yandex vk zvuk audiomack tiktok facebook instagram shazam beatport
  traxsource juno 7digital qobuz awa line_music joox gaana wynk hungama claro movistar trebel snapchat
  crawler_fuga crawler_ritmonet crawler_cdbaby crawler_distrokid crawler_tunecore crawler_awal crawler_empire
  crawler_ingrooves crawler_kontor crawler_recordjet crawler_zebralution crawler_ditto crawler_onerpm
  crawler_symphonic crawler_horus crawler_dashgo crawler_idol crawler_rebeat crawler_feiyr crawler_routenote
  crawler_amuse crawler_spinnup crawler_level crawler_emubands crawler_imusician crawler_landr crawler_vydia
  tedald_apple tedald_deezer tedald_youtube tedald_amazon tedald_tidal amazon_dsr deezer_dsr tiktok_dsr
  facebook_dsr soundcloud_dsr`
    .trim()
    .split(/\s+/);

function buildTail(): string[] {
  const rng = new Rng(20240601); // fixed: the source list is part of the format, not of the seed
  const names = new Set(KNOWN_TAIL);
  while (names.size < TAIL_SIZE) {
    const w = feedName(rng);
    names.add(rng.chance(0.65) ? `crawler_${w}` : `${w}_${rng.pick(["api", "dsr", "feed"])}`);
  }
  // the known names lead the tail, as in the real catalog where no invented name is large
  return [...rng.shuffle(KNOWN_TAIL), ...rng.shuffle([...names].slice(KNOWN_TAIL.length))];
}

const TAIL = buildTail();
const tailWeights = TAIL.map((_, r) => (r + 1) ** -0.7);
const tailSum = tailWeights.reduce((a, b) => a + b, 0);

/** All source names, largest first. */
export const SOURCES: readonly string[] = [...TOP.map(([s]) => s), ...TAIL];
/** Expected ids per source at the real catalog's size (same order as SOURCES). */
export const SOURCE_WEIGHTS: readonly number[] = [
  ...TOP.map(([, n]) => n),
  ...tailWeights.map((w) => (w / tailSum) * TAIL_TOTAL),
];
const cumulative: number[] = [];
SOURCE_WEIGHTS.reduce((acc, w) => {
  cumulative.push(acc + w);
  return acc + w;
}, 0);

/** A source drawn with the profile's proportions. */
export function pickSource(rng: Rng): string {
  const x = rng.next() * (cumulative[cumulative.length - 1] ?? 1);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 0) > x) hi = mid;
    else lo = mid + 1;
  }
  return SOURCES[lo] as string;
}

/** A small stable hash of a source name, to give each source fixed habits. */
export function sourceHash(source: string): number {
  let h = 2166136261;
  for (let i = 0; i < source.length; i++) h = Math.imul(h ^ source.charCodeAt(i), 16777619) >>> 0;
  return h;
}
