import { romanize as hangulToLatin } from "es-hangul";
import Kuroshiro from "kuroshiro";
import KuromojiAnalyzer from "kuroshiro-analyzer-kuromoji";
import { pinyin } from "pinyin-pro";
import { transliterate } from "transliteration";
import { dominantScript } from "../../lambda/script.ts";

/** Turns text of any script into Latin letters; Latin text comes back unchanged. */
export type Romaniser = (text: string) => Promise<string>;

const HANGUL_RUN = /[\uac00-\ud7af]+/g;
const HAN_RUN = /\p{Script=Han}+/gu;

/**
 * A romaniser with a library made for each script: Japanese (kanji and kana) by kuroshiro with the
 * kuromoji dictionary (Hepburn, spaced), Korean Hangul by es-hangul (Revised Romanization), Chinese
 * Han by pinyin-pro (no tones), anything else (Cyrillic, Greek, ...) by `transliteration`. Loading the
 * kuromoji dictionary takes a second or two: this runs at release time, never on the request path.
 * @example await (await createRomaniser())("東京の夜") // "toukyou no yoru"
 */
export async function createRomaniser(): Promise<Romaniser> {
  const KuroshiroClass = ((Kuroshiro as unknown as { default?: typeof Kuroshiro }).default ??
    Kuroshiro) as typeof Kuroshiro;
  const Analyzer = ((KuromojiAnalyzer as unknown as { default?: typeof KuromojiAnalyzer }).default ??
    KuromojiAnalyzer) as typeof KuromojiAnalyzer;
  const kuroshiro = new KuroshiroClass();
  await kuroshiro.init(new Analyzer());
  return async (text: string) => {
    const script = dominantScript(text);
    if (script === "latin" || script === "none") return text;
    let latin = text;
    if (script === "japanese")
      latin = await kuroshiro.convert(text, { to: "romaji", mode: "spaced", romajiSystem: "hepburn" });
    latin = latin
      .replace(HANGUL_RUN, (run) => ` ${hangulToLatin(run)} `)
      .replace(HAN_RUN, (run) => ` ${pinyin(run, { toneType: "none" })} `);
    return transliterate(latin).replace(/\s+/g, " ").trim();
  };
}
