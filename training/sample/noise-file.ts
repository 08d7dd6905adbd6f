/**
 * The side file of labels the generator flipped on purpose (`sample-noise.csv` beside
 * groundtruth.csv): `q_source_id,m_source_id,tag,intended_tag,kind`. Only our own sample can have it;
 * the report reads it when present so that label noise is counted apart from model errors.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Pair } from "../csv.ts";
import type { Sample } from "./types.ts";

/** File name of the side file, written next to groundtruth.csv. */
export const NOISE_FILE = "sample-noise.csv";

/** One flipped label: the tag written in groundtruth.csv and the tag the pair's kind implies. */
export interface NoiseRow {
  q: string;
  m: string;
  tag: "valid" | "invalid";
  intended: "valid" | "invalid";
  kind: string;
}

/** The flipped labels of a sample, read from its pair kinds (`label noise: ...`). */
export function noiseRows(sample: {
  readonly pairs: readonly Sample["pairs"][number][];
  readonly meta: readonly Sample["meta"][number][];
}): NoiseRow[] {
  return sample.pairs.flatMap((p, i) => {
    const kind = sample.meta[i]?.kind ?? "";
    if (!kind.startsWith("label noise")) return [];
    const intended = p.tag === "valid" ? "invalid" : "valid";
    return [{ q: p.q, m: p.m, tag: p.tag, intended, kind }];
  });
}

/** The side file's text. */
export function noiseCsv(rows: readonly NoiseRow[]): string {
  return stringify([
    ["q_source_id", "m_source_id", "tag", "intended_tag", "kind"],
    ...rows.map((r) => [r.q, r.m, r.tag, r.intended, r.kind]),
  ]);
}

/**
 * Reads a side file; undefined when there is none (real data). Keys are `q\tm`. A file that cannot
 * be read or parsed throws with its path in the message.
 */
export function readNoise(path: string): Map<string, NoiseRow> | undefined {
  if (!existsSync(path)) return undefined;
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true });
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const out = new Map<string, NoiseRow>();
  for (const r of rows) {
    const tag = r.tag === "valid" ? "valid" : "invalid";
    const row: NoiseRow = {
      q: r.q_source_id ?? "",
      m: r.m_source_id ?? "",
      tag,
      intended: r.intended_tag === "valid" ? "valid" : "invalid",
      kind: r.kind ?? "label noise",
    };
    out.set(`${row.q}\t${row.m}`, row);
  }
  return out;
}

/**
 * The side file of flipped labels for these labelled pairs: `path` if given (it must exist), else
 * `sample-noise.csv` beside `groundtruth` when present. Undefined when there is none, or when it does
 * not describe these labels (a row's pair absent or tagged otherwise), so a stale file beside other
 * data is never trusted; `log` says which.
 */
export function readMatchingNoise(
  path: string | undefined,
  groundtruth: string,
  pairs: readonly Pair[],
  log: (message: string) => void,
): Map<string, NoiseRow> | undefined {
  if (path !== undefined && !existsSync(path)) throw new Error(`${path}: no such file (--noise)`);
  const file = path ?? join(dirname(groundtruth), NOISE_FILE);
  const noise = readNoise(file);
  if (!noise) return undefined;
  const tags = new Map(pairs.map((p) => [`${p.q}\t${p.m}`, p.tag]));
  for (const [key, row] of noise) {
    if (tags.get(key) !== row.tag) {
      log(`${file} does not describe these labels (${row.q},${row.m}); label noise not counted apart`);
      return undefined;
    }
  }
  log(`${file}: ${noise.size} labels flipped on purpose, counted apart`);
  return noise;
}

/** The pairs with each flipped label put back to the tag its pair's kind implies. */
export function intendedLabels(pairs: readonly Pair[], noise: ReadonlyMap<string, NoiseRow>): Pair[] {
  return pairs.map((p) => {
    const row = noise.get(`${p.q}\t${p.m}`);
    return row ? { ...p, tag: row.intended } : p;
  });
}
