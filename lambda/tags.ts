/**
 * Tag families: the kinds of note a title's brackets or dash suffix carry. Which of them keep the
 * master is a labelling convention that differs per catalog (one calls a remaster the same recording,
 * another calls clean and explicit edits the same), so the features give one value per family
 * difference and the model learns each family's weight from the labels.
 */
export const TAG_FAMILIES = [
  "edit_mix",
  "live",
  "acoustic",
  "alternate",
  "remaster",
  "clean_explicit",
  "mono_stereo",
  "soundtrack",
  "rerecorded",
  "year",
] as const;

export type TagFamily = (typeof TAG_FAMILIES)[number];

/** Folded single words that name a family (folded text: lower-case ASCII, no punctuation). */
const FAMILY_WORDS: Record<string, TagFamily> = {};
const add = (family: TagFamily, list: string) => {
  for (const word of list.split(" ")) FAMILY_WORDS[word] = family;
};
add(
  "edit_mix",
  "edit mix mixed remix remixed rmx radio extended club dub rework vip bootleg mashup megamix sped slowed reverb nightcore daycore",
);
add("live", "live concert");
add(
  "acoustic",
  "acoustic unplugged instrumental acapella cappella karaoke orchestral piano strings stripped",
);
add("alternate", "demo take alternate alt outtake rehearsal rough early sketch");
add("remaster", "remaster remastered remasters remastering digitally deluxe anniversary edition expanded");
// "Edited" is the record industry's word for the version without explicit content (the RIAA's
// Parental Advisory program: "an edited version"); a shortened cut says "edit".
add("clean_explicit", "clean explicit censored uncensored dirty edited");
add("mono_stereo", "mono stereo");
add("soundtrack", "soundtrack ost film movie picture motion");
add("rerecorded", "rerecorded rerecording rerecord");

/** Every single word that names a family, e.g. "remix", "live". */
export const FAMILY_WORD_LIST: readonly string[] = Object.keys(FAMILY_WORDS);

/** Multi-word and possessive forms, matched on the folded tag text. */
const FAMILY_PHRASES: readonly [RegExp, TagFamily][] = [
  [/\bre recorded\b|\bre record(?:ing)?\b|\b\w+s version\b|\bnew version\b/, "rerecorded"],
  [/\ba cappella\b/, "acoustic"],
  [/^from\b|\bfrom the\b/, "soundtrack"],
  [/\bin concert\b|\blive (?:at|from|in)\b/, "live"],
];
const YEAR = /^(?:19|20)\d\d$/;

/**
 * The family words of one folded tag, as `family:word` markers, e.g. "tequila edit" gives
 * ["edit_mix:edit"]; years give `year:1999`. Empty when the tag names no family.
 * @example tagMarkers("remastered 2009") // ["remaster:remastered", "year:2009"]
 */
export function tagMarkers(foldedTag: string): string[] {
  const markers: string[] = [];
  for (const word of foldedTag.split(" ")) {
    const family = FAMILY_WORDS[word];
    if (family) markers.push(`${family}:${word}`);
    else if (YEAR.test(word)) markers.push(`year:${word}`);
  }
  for (const [pattern, family] of FAMILY_PHRASES) {
    const match = pattern.exec(foldedTag);
    if (match) markers.push(`${family}:${match[0].replace(/ /g, "_")}`);
  }
  return markers;
}

/** True when a folded tag holds a multi-word family phrase ("live at", "taylors version", "a cappella"). */
export function hasFamilyPhrase(foldedTag: string): boolean {
  return FAMILY_PHRASES.some(([pattern]) => pattern.test(foldedTag));
}

/** The folded tag without the multi-word family phrases ("taylors version", "a cappella"). */
export function withoutFamilyPhrases(foldedTag: string): string {
  let rest = foldedTag;
  for (const [pattern] of FAMILY_PHRASES) rest = rest.replace(pattern, " ");
  return rest.trim();
}

/** True when a folded word names a tag family or is a year, so it says nothing about the song's name. */
export function isFamilyWord(word: string): boolean {
  return FAMILY_WORDS[word] !== undefined || YEAR.test(word);
}

/** One value per tag family, in TAG_FAMILIES order: a tuple as long as TAG_FAMILIES. */
export type FamilyFlags = NumberPerItem<typeof TAG_FAMILIES>;
type NumberPerItem<T extends readonly unknown[]> = { readonly [I in keyof T]: number };

/**
 * One value per family, in TAG_FAMILIES order: 1 when the two sides' markers of that family differ
 * (one side has a family the other lacks, or other words of it), 0 when they agree.
 */
export function familyDifferences(a: readonly string[], b: readonly string[]): FamilyFlags {
  if (a.length === 0 && b.length === 0) return NO_DIFFERENCES;
  const out = new Array<number>(TAG_FAMILIES.length).fill(0);
  for (const marker of a) if (!b.includes(marker)) out[familyIndex(marker)] = 1;
  for (const marker of b) if (!a.includes(marker)) out[familyIndex(marker)] = 1;
  return out as unknown as FamilyFlags;
}

/** familyDifferences of two records without tags, shared by every such pair (the type keeps it unchanged). */
const NO_DIFFERENCES = new Array<number>(TAG_FAMILIES.length).fill(0) as unknown as FamilyFlags;

function familyIndex(marker: string): number {
  return TAG_FAMILIES.indexOf(marker.slice(0, marker.indexOf(":")) as TagFamily);
}
