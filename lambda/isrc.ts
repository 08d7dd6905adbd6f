import { isMissing } from "./text.ts";

const ISRC = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;

/**
 * The ISRCs a field holds, upper-cased without dashes or spaces; several may be separated by "|", ","
 * or ";". Missing fields and malformed codes give none.
 * @example parseIsrcs("GB-AYE-65-00521|USRC16908444") // ["GBAYE6500521", "USRC16908444"]
 */
export function parseIsrcs(raw: string | null): string[] {
  if (isMissing(raw)) return [];
  return (raw as string)
    .split(/[|,;]/)
    .map((code) => code.replace(/[\s-]/g, "").toUpperCase())
    .filter((code) => ISRC.test(code));
}
