/**
 * Word stocks for titles and names. Real words give titles a natural look; syllable-built
 * pseudo-words make the title space far too large for a model to memorise.
 */
import type { Rng } from "./rng.ts";

const split = (s: string): readonly string[] => s.trim().split(/\s+/);

/** Common English lyric words (lower case). */
export const ENGLISH = split(`
love night dream fire heart rain summer light city gold run wild stay forever dance shadow river
stars home alone tonight ocean sky burn falling rise broken echo electric midnight paradise sugar
thunder velvet whisper youth neon silence storm moon sun girl boy baby world time life road way
eyes hands soul blue red black white green golden silver sweet cold hot young lost free high low
crazy lonely happy sad better bad good dark bright wonder magic angel devil heaven hell money
dollar diamond queen king crown kiss touch feel want need hold call wait stop go come back down
up away together forever never always again tomorrow yesterday today morning evening sunday
friday weekend party music song radio stereo rhythm beat drum bass guitar piano violin echoes
waves tides island desert mountain valley garden flower rose lily wolf tiger lion bird butterfly
highway train station airport window mirror door wall floor ceiling street avenue boulevard
memories secrets promises lies truth words letters stories colours colors fever sugar honey
cherry lemon peach wine whiskey champagne smoke ashes dust glass stone steel paper plastic heartbeat
daylight starlight moonlight sunrise sunset horizon thunderstorm lightning hurricane tornado
`);

/** Words in other Latin-script languages, some with diacritics. */
export const FOREIGN = split(`
amor corazón noche vida sueño cielo fuego luna sol mañana siempre nunca bésame quédate mía
canción alma libre dolor calle playa ciudad tiempo amore notte cuore sole mare città libertà
sempre ancora bella stella domani perché così più già l'estate cœur été éternité chérie rêve
ciel lumière toujours jamais fenêtre liberté âme garçon fille désir étoile herz liebe nacht
träume sehnsucht schön für über mädchen straße glück stern saudade coração noite saudação
paixão alegria cidade canção sonhos lágrimas pássaro kärlek sommar natt hjärta fjäll ljus
`);

/** Short Russian words for Cyrillic titles. */
export const RUSSIAN = split(`
любовь ночь сердце небо город дождь мечта звезда зима лето весна осень море река дорога дом
друг музыка танец время жизнь огонь ветер снег солнце луна свет тень душа слёзы песня улица
последний первый белый чёрный красный синий тихий новый старый мой твой навсегда никогда
`);

/** Han characters frequent in Chinese song titles (traditional and simplified mixed). */
export const HAN = [
  ..."一起走過的日子月亮代表我的心甜蜜後來朋友小星星愛你想念夜晚雨天空花開海風雲夢光陰青春回憶永遠等待離開相信我們說再見告白時間故事城市孤單快樂傷心溫柔",
];

/** Japanese kana syllables with their Hepburn romanisation. */
export const KANA: ReadonlyArray<readonly [string, string]> = [
  ["さ", "sa"],
  ["く", "ku"],
  ["ら", "ra"],
  ["な", "na"],
  ["つ", "tsu"],
  ["は", "ha"],
  ["る", "ru"],
  ["か", "ka"],
  ["ぜ", "ze"],
  ["ゆ", "yu"],
  ["め", "me"],
  ["こ", "ko"],
  ["い", "i"],
  ["う", "u"],
  ["そ", "so"],
  ["ひ", "hi"],
  ["み", "mi"],
  ["た", "ta"],
  ["よ", "yo"],
  ["あ", "a"],
  ["お", "o"],
];

/** Titles shared by many unrelated songs. */
export const COMMON_TITLES: readonly string[] = `
Home|Yesterday|Intro|Outro|Interlude|Stay|Hello|Alone|Forever|Believe|Runaway|Closer|Angel|Crazy
Hurt|Faded|Sorry|Hold On|Let It Go|Fire|Rain|Tonight|Dreams|Paradise|Heaven|Summer|Without You
Breathe|Happy|Beautiful|Falling|Memories|Lost|Home Again|Gravity|Wonderwall|Halo|Lullaby|Goodbye
Perfect|Photograph|Superstar|Wildfire|Sunshine|Mama|Freedom|Stranger|Ocean Eyes|Wings|Fade Away
`
  .split(/[|\n]/)
  .map((t) => t.trim())
  .filter((t) => t.length > 0);

const ONSETS = split("b br c ch cl d dr f fl g gr h j k kr l m n p pl qu r s sh sl st t tr v w z");
const VOWELS = split("a e i o u ai ea ee ou oo ia io y");
const CODAS = ["", "", "", "n", "r", "l", "s", "nd", "rt", "x", "m", "ck", "th", "ng"];

/** A pronounceable pseudo-word of 1-3 syllables, lower case, e.g. "drealon". */
export function pseudoWord(rng: Rng, syllables = rng.int(1, 3)): string {
  let w = "";
  for (let i = 0; i < syllables; i++) w += rng.pick(ONSETS) + rng.pick(VOWELS);
  return w + rng.pick(CODAS);
}

/** Capitalise the first letter of every space-separated word. */
export function titleCase(s: string): string {
  return s.replace(/(^|[\s(\-[])(\p{Ll})/gu, (_, pre: string, c: string) => pre + c.toUpperCase());
}
