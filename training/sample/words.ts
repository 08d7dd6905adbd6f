/**
 * Word stocks for Latin-script titles and names. Titles are built from real words by small
 * grammatical patterns (titles.ts), so they read like song titles, never like invented words.
 */
import type { Rng } from "./rng.ts";

const split = (s: string): readonly string[] => s.trim().split(/\s+/);

/** Nouns frequent in song titles (lower case, singular). */
export const NOUNS = split(`
love night dream fire heart rain summer light city gold river star home ocean sky shadow echo
midnight paradise sugar thunder velvet whisper youth silence storm moon sun girl boy baby world time
life road eye soul angel devil heaven money diamond queen king crown kiss touch morning evening
sunday friday weekend party song radio rhythm drum guitar piano wave tide island desert mountain
valley garden flower rose wolf tiger lion bird butterfly highway train station window mirror door
wall street avenue boulevard memory secret promise truth letter story colour fever honey cherry
lemon wine whiskey champagne smoke dust glass stone steel paper heartbeat daylight starlight
moonlight sunrise sunset horizon lightning hurricane winter autumn spring season weather bridge
harbour lighthouse county hometown neighbourhood school church chapel prayer miracle blessing
ghost stranger lover friend brother sister mother father daughter son soldier sailor cowboy
runaway rebel dancer dreamer gambler wanderer rider hunter thief liar fool saint sinner hero
danger trouble reason chance answer question feeling rumour signal satellite rocket planet galaxy
universe ceiling floor bed pillow blanket coffee cigarette candle lantern flame ember spark
`);

/** Adjectives and colour words frequent in song titles. */
export const ADJECTIVES = split(`
wild broken electric golden silver blue red black white green purple sweet cold hot young lost
free high low crazy lonely happy sad better bad good dark bright little big last first only
secret perfect beautiful dangerous lucky hungry restless endless silent quiet loud slow fast
heavy easy hard true fake new old strange pretty sacred holy burning falling rising shining
fading velvet northern southern western eastern tender brave
`);

/** Verbs with a particle or object that read as a complete title ("Hold On", "Call Me"). */
export const VERB_PHRASES = split(`
hold_on let_go run_away stay_up fall_apart come_home slow_down wake_up break_free keep_dancing
call_me hold_me kiss_me save_me take_me_home tell_me love_me_now stay_with_me dance_with_me
come_back walk_away move_on let_it_burn light_it_up turn_it_around bring_me_back leave_the_light_on
don't_stop don't_look_back don't_let_go never_let_me_go set_me_free carry_on shine_on ride_on
get_up give_it_up hold_tight look_up rise_up stand_by_me wait_for_me follow_me remember_me
`).map((w) => w.replaceAll("_", " "));

/** Prepositions that open titles ("Under the Moon", "After the Rain"). */
export const PREPOSITIONS = split("under after before into across beyond above below behind through");

/** Foreign nouns with their article, for short Spanish, Italian, French, German and Portuguese titles. */
export const FOREIGN: Readonly<Record<"es" | "it" | "fr" | "de" | "pt", readonly string[]>> = {
  es: split(`la_noche el_corazón la_vida el_sueño el_cielo el_fuego la_luna el_sol la_mañana la_canción
    el_alma la_calle la_playa la_ciudad el_tiempo el_amor la_lluvia el_mar`),
  it: split(`la_notte il_cuore il_sole il_mare la_città la_libertà la_stella l'estate il_cielo la_luna
    l'amore la_vita il_tempo la_strada`),
  fr: split(`le_cœur l'été la_nuit le_ciel la_lumière la_fenêtre la_liberté l'âme le_rêve l'étoile
    la_mer la_vie le_temps l'amour`),
  de: split(`das_Herz die_Liebe die_Nacht der_Traum die_Sehnsucht die_Straße das_Glück der_Stern
    der_Regen die_Stadt der_Sommer das_Meer`),
  pt: split(`a_saudade o_coração a_noite a_paixão a_alegria a_cidade a_canção os_sonhos as_lágrimas
    o_pássaro o_mar a_vida`),
};

/**
 * "My" for each article of the lists above (`la noche` -> `mi noche`, `die Nacht` -> `meine Nacht`,
 * `os sonhos` -> `meus sonhos`). An elided article (`l'`) stands for either gender: Italian then
 * takes the noun's own (`l'estate` -> `la mia estate`), French `mon` before any vowel.
 */
const MY: Readonly<Record<keyof typeof FOREIGN, Readonly<Record<string, string>>>> = {
  es: { el: "mi", la: "mi", los: "mis", las: "mis" },
  it: { il: "il mio", la: "la mia", "l'estate": "la mia", "l'amore": "il mio" },
  fr: { le: "mon", la: "ma", "l'": "mon" },
  de: { der: "mein", das: "mein", die: "meine" },
  pt: { o: "meu", a: "minha", os: "meus", as: "minhas" },
};

/** A noun of FOREIGN (article and noun, spaced) with "my" in its language instead of the article. */
export function foreignMine(lang: keyof typeof FOREIGN, phrase: string): string {
  const article = phrase.startsWith("l'") ? "l'" : phrase.slice(0, phrase.indexOf(" "));
  const my = MY[lang][phrase] ?? MY[lang][article];
  if (my === undefined) throw new Error(`no "my" for ${phrase}`);
  return `${my} ${phrase.slice(article.length).trimStart()}`;
}

/** Titles shared by many unrelated songs. */
export const COMMON_TITLES: readonly string[] = `
Home|Yesterday|Stay|Hello|Alone|Forever|Believe|Runaway|Closer|Angel|Crazy
Hurt|Faded|Sorry|Hold On|Let It Go|Fire|Rain|Tonight|Dreams|Paradise|Heaven|Summer|Without You
Breathe|Happy|Beautiful|Falling|Memories|Lost|Home Again|Gravity|Halo|Lullaby|Goodbye
Perfect|Photograph|Superstar|Wildfire|Sunshine|Mama|Freedom|Stranger|Wings|Fade Away
`
  .split(/[|\n]/)
  .map((t) => t.trim())
  .filter((t) => t.length > 0);

/** Nicknames used in stage names (`DJ Shadow`, `Lil Nova`, `Kid Blue`). */
export const NICKNAMES = split(`
Nova Blaze Shadow Ghost Echo Jay Kid Sky Rico Vega Luna Sol Flash Storm Wave Ace Duke Rocky Mars
Phoenix Raven Onyx Jade Ruby Rain River Stone Fox Wolf Hawk Bishop Prince Royal Major Smokey Sunny
Cash Sage Indigo Cosmo Juno Atlas Orion Ziggy Dusty Buddy Sonny Benny Frankie Lucky Sugar Candy
`);

/** Capitalise the first letter of every space-separated word. */
export function titleCase(s: string): string {
  let out = "";
  let boundary = true;
  for (const c of s) {
    out += boundary ? c.toUpperCase() : c;
    boundary = c === " " || c === "(" || c === "-" || c === "[" || c === '"' || c === "“" || c === "\t";
  }
  return out;
}

/** Nouns of NOUNS that a title keeps singular where another takes the plural (`Gold`, not `Golds`). */
const UNCOUNTABLE = new Set(
  split(`gold sugar velvet thunder silence youth money champagne smoke dust steel daylight starlight
    moonlight lightning weather`),
);

/**
 * `word` in the plural, by the usual English rules (`story` -> `stories`, `wolf` -> `wolves`,
 * `hero` -> `heroes`); a mass noun (`gold`, `dust`) stays as it is.
 */
export function plural(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  if (/(s|x|ch|sh|echo|hero)$/.test(word)) return `${word}es`;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(wolf|thief|leaf|life)$/.test(word)) return word.replace(/fe?$/, "ves");
  return `${word}s`;
}

/** One of the word lists above, for callers that only need a plausible word. */
export function anyWord(rng: Rng): string {
  return rng.chance(0.7) ? rng.pick(NOUNS) : rng.pick(ADJECTIVES);
}
