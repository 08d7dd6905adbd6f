import { isMissing } from "./text.ts";

/** A code as written, either case: two letters, three letters or digits, seven digits. */
const ISRC = /^[A-Za-z]{2}[A-Za-z0-9]{3}\d{7}$/;

/**
 * The ISRCs a field holds, upper-cased without dashes or spaces; several may be separated by "|", ","
 * or ";". Missing fields and malformed codes give none.
 * @example parseIsrcs("GB-AYE-65-00521|USRC16908444") // ["GBAYE6500521", "USRC16908444"]
 */
export function parseIsrcs(raw: string | null): string[] {
  if (isMissing(raw)) return [];
  // One code alone, the usual field: no separator, space or dash to take out.
  if (ISRC.test(raw as string)) return [(raw as string).toUpperCase()];
  // Pushed one by one, so that the list has the element kind of the one-code list above: `map`, once
  // optimised, allocated a holey list, another hidden class for the feature code to meet.
  const codes: string[] = [];
  for (const written of (raw as string).split(/[|,;]/)) {
    const code = written.replace(/[\s-]/g, "");
    // Checked before upper-casing, which can lengthen a string ("ß" → "SS").
    if (ISRC.test(code)) codes.push(code.toUpperCase());
  }
  return codes;
}

/** How two lists of ISRCs relate, from the code's structure `CC XXX YY NNNNN`. */
export interface IsrcRelation {
  /** Both sides carry codes. */
  present: boolean;
  /** A code appears on both sides. */
  shared: boolean;
  /** No shared code, but one registrant and year with designations at most SIBLING_SPAN apart: tracks of one release. */
  sibling: boolean;
  /** No shared code, one registrant (country + registrant code), another year of reference: a re-issue or re-recording. */
  registrantOtherYear: boolean;
}

/** Designations this close under one registrant and year read as tracks of one release. */
export const SIBLING_SPAN = 30;

/**
 * The structural relation of two recordings' ISRCs; all false when either side has none.
 * @example isrcRelation(["GBAYE6500521"], ["GBAYE6500522"]).sibling // true
 */
export function isrcRelation(a: readonly string[], b: readonly string[]): IsrcRelation {
  const relation = {
    present: a.length > 0 && b.length > 0,
    shared: false,
    sibling: false,
    registrantOtherYear: false,
  };
  if (!relation.present) return relation;
  for (const x of a) {
    for (const y of b) {
      if (x === y) relation.shared = true;
      else if (samePart(x, y, 0, 5)) {
        if (!samePart(x, y, 5, 7)) relation.registrantOtherYear = true;
        else if (Math.abs(Number(x.slice(7)) - Number(y.slice(7))) <= SIBLING_SPAN) relation.sibling = true;
      }
    }
  }
  if (relation.shared) {
    relation.sibling = false;
    relation.registrantOtherYear = false;
  }
  return relation;
}

/** True when two codes agree on characters [from, to); compared in place, without substrings. */
function samePart(x: string, y: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (x.charCodeAt(i) !== y.charCodeAt(i)) return false;
  return true;
}
