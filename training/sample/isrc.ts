/**
 * ISRC codes: `CC` + 3-character registrant + 2-digit year + 5-digit designation, e.g. `GBAYE6500521`.
 * A label owns one `CC`+registrant prefix, so versions of one song often share the first five characters.
 */
import type { Rng } from "./rng.ts";

const COUNTRIES = [
  "US",
  "GB",
  "FR",
  "DE",
  "IT",
  "ES",
  "NL",
  "SE",
  "JP",
  "KR",
  "BR",
  "RU",
  "TW",
  "CN",
  "QZ",
  "QM",
];
const COUNTRY_WEIGHTS = [22, 12, 8, 8, 6, 5, 4, 4, 5, 3, 4, 3, 2, 2, 8, 4];
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Matches one well-formed ISRC (whole string). */
export const ISRC_PATTERN = /^[A-Z]{2}[A-Z0-9]{3}\d{7}$/;

/** Hands out ISRCs that are unique within one sample unless a caller asks for a reuse. */
export class IsrcFactory {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Rng) {}

  /** A new label prefix (`CC` + registrant), e.g. `GBAYE`. */
  label(): string {
    return this.rng.weighted(COUNTRIES, COUNTRY_WEIGHTS) + this.rng.chars(ALNUM, 3);
  }

  /** A fresh code under `label` for a release in `year` (1950..2029). */
  code(label: string, year: number): string {
    for (;;) {
      const c = `${label}${String(year % 100).padStart(2, "0")}${String(this.rng.int(0, 99999)).padStart(5, "0")}`;
      if (!this.used.has(c)) {
        this.used.add(c);
        return c;
      }
    }
  }

  /** The code `delta` designations after `code` (same registrant and year), or the next free one after it. */
  adjacent(code: string, delta: number): string {
    const n = Number(code.slice(7));
    for (let d = delta; d < 100000; d++) {
      const c = code.slice(0, 7) + String((n + d) % 100000).padStart(5, "0");
      if (!this.used.has(c)) {
        this.used.add(c);
        return c;
      }
    }
    return code;
  }

  /** The code of another track on the same release: same prefix and year, nearby designation. */
  sibling(code: string): string {
    const n = Number(code.slice(7));
    for (let d = 1; d < 100000; d++) {
      const c = code.slice(0, 7) + String((n + d * (this.rng.chance(0.5) ? 1 : 7)) % 100000).padStart(5, "0");
      if (!this.used.has(c)) return c;
    }
    return code;
  }
}
