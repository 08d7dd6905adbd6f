/**
 * Native ids per source: Spotify base62 (22), YouTube (11), Apple numeric, Amazon ASIN, and crawler
 * ids that often embed an ISRC-like code (`7427128907609_1_6_ITZB42136782`). The embedded code is
 * chosen by the caller and is deliberately not always the record's own ISRC.
 */
import type { Rng } from "./rng.ts";
import { sourceHash } from "./sources.ts";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const YOUTUBE = `${BASE62}-_`;
const DIGITS = "0123456789";
const HEX = "0123456789abcdef";
const UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** Probability (0..1) that an id of `source` embeds an ISRC-like code. */
export function embedRate(source: string): number {
  if (source === "crawler_ritmonet" || source === "crawler_fuga") return 1;
  if (source.startsWith("crawler_")) return 0.73;
  if (source.endsWith("_feed")) return 0.6;
  return 0;
}

const digits = (rng: Rng, n: number): string => String(rng.int(1, 9)) + rng.chars(DIGITS, n - 1);

function withCode(rng: Rng, source: string, code: string): string {
  if (source === "crawler_ritmonet") return code;
  if (source === "crawler_fuga") return `${digits(rng, 13)}_1_${rng.int(1, 24)}_${code}`;
  switch (sourceHash(source) % 4) {
    case 0:
      return `${digits(rng, 13)}_${rng.int(1, 2)}_${rng.int(1, 30)}_${code}`;
    case 1:
      return code;
    case 2:
      return `${digits(rng, 12)}_${code}`;
    default:
      return `${code}-${digits(rng, 6)}`;
  }
}

/**
 * A native id for `source`. `code` (an ISRC-like string) is embedded when given; `spaced` writes it
 * the way one crawler does (`US CA2 1001256`).
 */
export function nativeId(rng: Rng, source: string, code?: string, spaced = false): string {
  if (code !== undefined) {
    if (spaced) return `${code.slice(0, 2)} ${code.slice(2, 5)} ${code.slice(5)}`;
    return withCode(rng, source, code);
  }
  if (source.includes("spotify")) return rng.chars(BASE62, 22);
  if (source.includes("youtube")) return rng.chars(YOUTUBE, 11);
  if (source.includes("apple")) return digits(rng, rng.int(9, 10));
  if (source.startsWith("amazon")) return `B0${rng.chars(UPPER_ALNUM, 8)}`;
  if (source === "napster") return `tra.${digits(rng, 9)}`;
  if (source.startsWith("crawler_")) {
    return rng.chance(0.5) ? digits(rng, rng.int(8, 12)) : `${digits(rng, 13)}_1_${rng.int(1, 20)}`;
  }
  switch (sourceHash(source) % 3) {
    case 0:
      return digits(rng, rng.int(6, 10));
    case 1:
      return rng.chars(HEX, 24);
    default:
      return `${rng.chars(HEX, 8)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 4)}-${rng.chars(HEX, 12)}`;
  }
}
