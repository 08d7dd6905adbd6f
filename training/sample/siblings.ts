/**
 * Numbered siblings: titles that differ only by a number, a numeral or a sequence word, which name
 * different recordings of one artist (`Part 1` / `Part 2`, `Pt. I` / `Pt. II`, `Vol. 1` / `Vol. 2`,
 * `No. 5` / `No. 6`, `Prologue` / `Epilogue`, `Intro` / `Outro`, `Interlude`, `Reprise`).
 */
import type { Rng } from "./rng.ts";
import { mapTitle, type Title } from "./titles.ts";

const ROMAN = ["I", "II", "III", "IV", "V"];

/** Forms and their weights (a setting of the generator, see docs/sample-data.md). */
const FORMS = ["part", "pt-roman", "pt", "vol", "no", "prologue", "intro", "interlude", "reprise"] as const;
const WEIGHTS = [20, 12, 10, 10, 8, 6, 12, 10, 12];

/** Two titles of sibling tracks built on `stem`, e.g. `Home (Part 1)` and `Home (Part 2)`. */
export function siblingTitles(rng: Rng, stem: Title): [Title, Title] {
  const n = rng.int(1, 3);
  const both = (f: (s: string, k: number) => string): [Title, Title] => [
    mapTitle(stem, (s) => f(s, n)),
    mapTitle(stem, (s) => f(s, n + 1)),
  ];
  switch (rng.weighted(FORMS, WEIGHTS)) {
    case "part":
      return both((s, k) => `${s} (Part ${k})`);
    case "pt-roman":
      return both((s, k) => `${s}, Pt. ${ROMAN[k - 1]}`);
    case "pt":
      return both((s, k) => `${s} Pt. ${k}`);
    case "vol":
      return both((s, k) => `${s}, Vol. ${k}`);
    case "no": {
      const m = rng.int(1, 8);
      return both((s, k) => `${s} No. ${m + k - n}`);
    }
    case "prologue":
      return [mapTitle(stem, (s) => `${s} (Prologue)`), mapTitle(stem, (s) => `${s} (Epilogue)`)];
    case "intro":
      return rng.chance(0.5)
        ? [mapTitle(stem, (s) => `${s} (Intro)`), mapTitle(stem, (s) => `${s} (Outro)`)]
        : [stem, mapTitle(stem, (s) => `${s} - Intro`)];
    case "interlude":
      return [stem, mapTitle(stem, (s) => `${s} (Interlude)`)];
    default:
      return [stem, mapTitle(stem, (s) => `${s} (Reprise)`)];
  }
}

/** A sibling of an existing title with no number: its reprise, interlude, outro or part 2. */
export function sequelTitle(rng: Rng, t: Title): Title {
  const suffix = rng.pick([" (Reprise)", " (Interlude)", " (Outro)", ", Pt. 2", " (Part 2)", " - Intro"]);
  return mapTitle(t, (s) => s + suffix);
}
