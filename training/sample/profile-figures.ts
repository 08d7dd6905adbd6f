/**
 * The figures of SEED-DATA-PROFILE.md computed for any catalog (records + labelled pairs), so a
 * generated sample can be compared with the real data line by line.
 */
import { ISRC_PATTERN } from "./isrc.ts";
import type { LabelledPair, SampleRecord } from "./types.ts";

/** Ordered list of [figure name, value]. */
export type Figures = Array<[string, string | number]>;

const EMBEDDED = /[A-Z]{2} ?[A-Z0-9]{3} ?\d{7}/;
const pct = (n: number, d: number): string => `${n} (${d ? ((100 * n) / d).toFixed(1) : "0.0"} %)`;
const sourceOf = (id: string): string => (id.includes("__") ? id.slice(0, id.indexOf("__")) : "(no source)");

/** Size of the largest union-find set and, per id, its set representative. */
function components(pairs: readonly LabelledPair[]): {
  root: (x: string) => string;
  sizes: Map<string, number>;
} {
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  for (const p of pairs) if (p.tag === "valid") parent.set(root(p.q), root(p.m));
  const sizes = new Map<string, number>();
  const ids = new Set(pairs.flatMap((p) => [p.q, p.m]));
  for (const id of ids) sizes.set(root(id), (sizes.get(root(id)) ?? 0) + 1);
  return { root, sizes };
}

/** Groundtruth figures: counts, repeats, appearances, components, sources. */
export function pairFigures(pairs: readonly LabelledPair[]): Figures {
  const valid = pairs.filter((p) => p.tag === "valid").length;
  const seen = new Set<string>();
  const count = new Map<string, number>();
  const qs = new Set<string>();
  const ms = new Set<string>();
  let repeated = 0;
  let reversed = 0;
  let sameSource = 0;
  for (const p of pairs) {
    const key = `${p.q}\u0000${p.m}`;
    if (seen.has(key)) repeated++;
    else if (seen.has(`${p.m}\u0000${p.q}`)) reversed++;
    seen.add(key);
    qs.add(p.q);
    ms.add(p.m);
    for (const x of [p.q, p.m]) count.set(x, (count.get(x) ?? 0) + 1);
    if (sourceOf(p.q) === sourceOf(p.m)) sameSource++;
  }
  const hist = new Map<number, number>();
  for (const c of count.values()) hist.set(c, (hist.get(c) ?? 0) + 1);
  const { root, sizes } = components(pairs);
  const invalidInside = pairs.filter((p) => p.tag === "invalid" && root(p.q) === root(p.m)).length;
  const bySource = new Map<string, number>();
  for (const id of count.keys()) bySource.set(sourceOf(id), (bySource.get(sourceOf(id)) ?? 0) + 1);
  const top = [...bySource].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
  const ids = [...count.keys()];
  return [
    ["pairs", pairs.length],
    ["valid", pct(valid, pairs.length)],
    ["invalid", pct(pairs.length - valid, pairs.length)],
    ["distinct ids", count.size],
    ["ids on both sides", [...qs].filter((x) => ms.has(x)).length],
    ["self pairs", pairs.filter((p) => p.q === p.m).length],
    ["rows repeating a pair", repeated],
    ["rows repeating a pair reversed", reversed],
    ...[...hist].sort((a, b) => a[0] - b[0]).map(([k, v]): [string, number] => [`ids appearing ${k}x`, v]),
    ["largest valid component", Math.max(...sizes.values())],
    ["valid components >= 5 ids", [...sizes.values()].filter((s) => s >= 5).length],
    ["invalid pairs inside a valid component", invalidInside],
    ["sources", [...bySource.keys()].filter((s) => s !== "(no source)").length],
    ...top.map(([s, n]): [string, number] => [`  ${s}`, n]),
    ["pairs joining two ids of one source", pct(sameSource, pairs.length)],
    [
      "ids embedding an ISRC-like code",
      pct(ids.filter((x) => EMBEDDED.test(x.slice(x.indexOf("__") + 2))).length, ids.length),
    ],
    ["ids containing a space", ids.filter((x) => x.includes(" ")).length],
    ["ids without <source>__", ids.filter((x) => !x.includes("__")).join(" ")],
  ];
}

/** Column figures of the soundrecording table, including how well embedded id codes match `isrcs`. */
export function recordFigures(records: readonly SampleRecord[]): Figures {
  const n = records.length;
  const has = (f: (r: SampleRecord) => boolean): string => pct(records.filter(f).length, n);
  const embedded = records.filter((r) => EMBEDDED.test(r.sr_id));
  const agrees = embedded.filter((r) =>
    r.isrcs.includes((EMBEDDED.exec(r.sr_id)?.[0] ?? "?").replaceAll(" ", "")),
  );
  return [
    ["records", n],
    ["ids numbered 1..N", records.every((r, i) => r.id === i + 1) ? "yes" : "no"],
    ["isrcs: one well-formed code", has((r) => ISRC_PATTERN.test(r.isrcs))],
    ["isrcs: ''", has((r) => r.isrcs === "")],
    ["isrcs: 'None'", has((r) => r.isrcs === "None")],
    ["isrcs: several codes", has((r) => /^[A-Z0-9]{12}([|,][A-Z0-9]{12})+$/.test(r.isrcs))],
    ["contributors: ''", has((r) => r.contributors === "")],
    ["contributors: 'None'", has((r) => r.contributors === "None")],
    [
      "contributors with a publisher",
      has((r) => /Edizioni|Publishing|Éditions|Musikverlag|Songs|Rights|Peermusic/i.test(r.contributors)),
    ],
    [
      "contributors mixing scripts",
      has((r) => /[A-Za-z]/.test(r.contributors) && /[^\p{Script=Latin}\p{P}\p{Z}\d|]/u.test(r.contributors)),
    ],
    ["artists: several (', ')", has((r) => r.artists.includes(", "))],
    ["artists containing ' & '", has((r) => r.artists.includes(" & "))],
    [
      "titles in Han/kana",
      has((r) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(r.title)),
    ],
    ["titles in Hangul", has((r) => /\p{Script=Hangul}/u.test(r.title))],
    ["titles in Cyrillic", has((r) => /\p{Script=Cyrillic}/u.test(r.title))],
    ["titles with a track number in front", has((r) => /^\d{1,3}(-|\. | - )/.test(r.title))],
    ["records with empty artists", has((r) => r.artists.trim() === "")],
    ["titles all upper case", has((r) => /\p{Lu}/u.test(r.title) && r.title === r.title.toUpperCase())],
    ["titles with a bracket or ' - ' tag", has((r) => /[([]| - /.test(r.title))],
    ["embedded id code found in the record's isrcs", pct(agrees.length, embedded.length)],
  ];
}

/** ISRC agreement per label: how far ISRC equality alone goes. */
export function isrcFigures(pairs: readonly LabelledPair[], records: readonly SampleRecord[]): Figures {
  const byId = new Map(records.map((r) => [r.sr_id, r.isrcs]));
  const code = (id: string): string => {
    const v = byId.get(id) ?? "";
    return ISRC_PATTERN.test(v.slice(0, 12)) ? v.slice(0, 12) : "";
  };
  const out: Figures = [];
  for (const tag of ["valid", "invalid"] as const) {
    const ps = pairs.filter((p) => p.tag === tag);
    const eq = ps.filter((p) => code(p.q) !== "" && code(p.q) === code(p.m)).length;
    const miss = ps.filter((p) => code(p.q) === "" || code(p.m) === "").length;
    out.push(
      [`${tag} pairs with equal ISRC`, pct(eq, ps.length)],
      [`${tag} pairs missing an ISRC`, pct(miss, ps.length)],
    );
  }
  return out;
}
