/** Writing systems told apart by the cross-script feature. */
export type Script = "latin" | "cyrillic" | "greek" | "han" | "japanese" | "hangul" | "other" | "none";

const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/;
const CHECKS: readonly [Script, RegExp][] = [
  ["hangul", /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/g],
  ["han", /\p{Script=Han}/gu],
  ["cyrillic", /\p{Script=Cyrillic}/gu],
  ["greek", /\p{Script=Greek}/gu],
  ["latin", /\p{Script=Latin}/gu],
];
const NON_ASCII = /[\u0080-\uffff]/;
const LETTER = /\p{L}/u;

/**
 * The writing system most of a text's letters are in: "japanese" when it holds any kana, "none"
 * when it holds no letters. ASCII text is "latin" without a scan.
 * @example dominantScript("東京の夜") // "japanese"
 */
export function dominantScript(text: string): Script {
  if (!NON_ASCII.test(text)) return /[a-z]/i.test(text) ? "latin" : "none";
  if (KANA.test(text)) return "japanese";
  let best: Script = "none";
  let most = 0;
  for (const [script, pattern] of CHECKS) {
    const count = text.match(pattern)?.length ?? 0;
    if (count > most) {
      best = script;
      most = count;
    }
  }
  return most === 0 && LETTER.test(text) ? "other" : best;
}
