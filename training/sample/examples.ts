/**
 * The README example (ids `123`, `456`, `789`): a duplicate spelled `Beatles The` with surname-only
 * composers and no ISRC, and an Elvis Presley cover. Ordinary data of kinds the generator makes in bulk.
 */
import type { Artist } from "./artists.ts";
import type { Builder } from "./builder.ts";
import type { Person } from "./names.ts";
import type { Recording } from "./recording.ts";

const lennon: Person = {
  script: "latin",
  given: "John",
  family: "Lennon",
  givenAlt: "John",
  familyAlt: "Lennon",
};
const mccartney: Person = {
  script: "latin",
  given: "Paul",
  family: "McCartney",
  givenAlt: "Paul",
  familyAlt: "McCartney",
};
const elvis: Person = {
  script: "latin",
  given: "Elvis",
  family: "Presley",
  givenAlt: "Elvis",
  familyAlt: "Presley",
};
const beatles: Artist = { kind: "band", name: "Beatles" };

const original: Recording = {
  title: { text: "Yesterday" },
  versionStyle: 0,
  artists: [beatles],
  featured: [],
  composers: [lennon, mccartney],
  isrc: "GBAYE6500521",
  label: "GBAYE",
  year: 1965,
  album: "Help!",
  track: 13,
  durationMs: 125000,
};
const cover: Recording = {
  ...original,
  artists: [{ kind: "person", person: elvis }],
  composers: [lennon, mccartney, elvis],
  isrc: "USRC16908444",
  label: "USRC1",
  year: 1969,
  album: "On Stage",
  track: 5,
  durationMs: 170000,
  parentIsrc: original.isrc,
};

/** Adds the three example records and their three pairs to `b`. */
export function addReadmeExample(b: Builder): void {
  const r123 = b.fixed(
    "123",
    { title: "Yesterday", artists: "Beatles The", isrcs: "None", contributors: "Lennon|McCartney" },
    original,
  );
  const r456 = b.fixed(
    "456",
    {
      title: "Yesterday",
      artists: "The Beatles",
      isrcs: "GBAYE6500521",
      contributors: "John Lennon|Paul McCartney",
    },
    original,
  );
  const r789 = b.fixed(
    "789",
    {
      title: "Yesterday",
      artists: "Elvis Presley",
      isrcs: "USRC16908444",
      contributors: "John Lennon|Paul McCartney|Elvis Presley",
    },
    cover,
  );
  b.push({ q: r123, m: r456, tag: "valid", kind: "duplicate" });
  b.push({ q: r123, m: r789, tag: "invalid", kind: "cover" });
  b.push({ q: r456, m: r789, tag: "invalid", kind: "cover" });
}
