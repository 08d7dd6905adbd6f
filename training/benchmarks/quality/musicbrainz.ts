import { BASELINE_FEATURES, extractFeatures, FEATURE_NAMES } from "../../../lambda/features.ts";
import { type PreparedRecording, prepareRecording } from "../../../lambda/recording.ts";
import type { Example } from "../../dataset.ts";
import { fitCandidate } from "../../pipeline.ts";
import type { Prior } from "../../prior.ts";
import type { Split } from "../../split.ts";
import {
  type MusicBrainzRecord,
  musicBrainzFingerprint,
  readMusicBrainz20k,
  truePairs,
} from "../musicbrainz-20k.ts";
import { seededRandom } from "./bootstrap.ts";
import { type QualityRow, scoredRow } from "./row.ts";

/** Neighbours kept per record in the candidate set. */
export const NEIGHBOURS = 10;
/** Words held by more records than this are too common to block on. */
const MAX_BLOCK_SIZE = 1000;

/**
 * Candidate pairs: for each record, the NEIGHBOURS records of other sources sharing the most
 * IDF-weighted words of title, artists and album (each source is duplicate-free, so pairs inside one
 * source are never candidates). Returns `a|b` keys with a < b.
 */
export function candidatePairs(
  records: readonly MusicBrainzRecord[],
  prepared: readonly PreparedRecording[],
): Set<string> {
  const index = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    for (const word of p.textWords) {
      const holders = index.get(word);
      if (holders) holders.push(i);
      else index.set(word, [i]);
    }
  });
  const pairs = new Set<string>();
  prepared.forEach((p, i) => {
    const score = new Map<number, number>();
    for (const word of p.textWords) {
      const holders = index.get(word) ?? [];
      if (holders.length > MAX_BLOCK_SIZE) continue;
      const idf = Math.log(records.length / holders.length);
      for (const j of holders)
        if (j !== i && records[j]?.source !== records[i]?.source) score.set(j, (score.get(j) ?? 0) + idf);
    }
    const best = [...score].sort((x, y) => y[1] - x[1]).slice(0, NEIGHBOURS);
    for (const [j] of best) pairs.add(key(records[i] as MusicBrainzRecord, records[j] as MusicBrainzRecord));
  });
  return pairs;
}

function key(a: MusicBrainzRecord, b: MusicBrainzRecord): string {
  return Number(a.sr_id) < Number(b.sr_id) ? `${a.sr_id}|${b.sr_id}` : `${b.sr_id}|${a.sr_id}`;
}

/** MusicBrainz 20K as a split: candidate pairs by cluster part, and the true test pairs none proposed. */
export interface MusicBrainzSplit {
  split: Split<Example>;
  /**
   * The same pairs with features of the records read without album, length and year, as a catalog
   * of the four-field `db.db` format would give them (MusicBrainz 20K has no ISRCs or credits).
   */
  titleArtistSplit: Split<Example>;
  /** True pairs of the test clusters that the candidate set missed (false negatives of every model). */
  missedTestPairs: number;
  candidates: number;
  /** Share of all true pairs in the candidate set. */
  completeness: number;
}

/**
 * The part of each MusicBrainz 20K cluster: 70/15/15 at random (seed 20). `npm run train:musicbrainz`
 * fits on the train clusters, so only the test clusters are unseen by data/musicbrainz-model.json.
 */
export function musicBrainzClusterParts(
  records: readonly MusicBrainzRecord[],
): Map<string, keyof Split<Example>> {
  const clusters = [...new Set(records.map((r) => r.cluster))].sort();
  const random = seededRandom(20);
  const part = new Map<string, keyof Split<Example>>();
  for (const cluster of clusters) {
    const u = random();
    part.set(cluster, u < 0.7 ? "train" : u < 0.85 ? "validation" : "test");
  }
  return part;
}

/**
 * MusicBrainz 20K: candidate pairs (see candidatePairs), clusters split 70/15/15 so no recording is
 * in two parts (pairs across parts are dropped). The candidates are found with every column; the
 * title + artist split reads the same pairs without the optional columns.
 */
export function musicBrainzSplit(path?: string): MusicBrainzSplit {
  const records = readMusicBrainz20k(path);
  const prepared = records.map(prepareRecording);
  const titleArtist = records.map((r) =>
    prepareRecording({ ...r, album: null, duration_ms: null, year: null }),
  );
  const byId = new Map(records.map((r, i) => [r.sr_id, i]));
  const truth = truePairs(records);
  const candidates = candidatePairs(records, prepared);
  const part = musicBrainzClusterParts(records);
  const split: Split<Example> = { train: [], validation: [], test: [] };
  const titleArtistSplit: Split<Example> = { train: [], validation: [], test: [] };
  let found = 0;
  for (const pair of candidates) {
    const [q, m] = pair.split("|") as [string, string];
    const [a, b] = [byId.get(q) as number, byId.get(m) as number];
    const [partA, partB] = [part.get(records[a]?.cluster ?? ""), part.get(records[b]?.cluster ?? "")];
    const label = truth.has(pair) ? 1 : 0;
    found += label;
    if (partA !== partB || !partA) continue;
    const tagged = { q, m, tag: label ? ("valid" as const) : ("invalid" as const) };
    split[partA].push({
      pair: tagged,
      features: extractFeatures(prepared[a] as PreparedRecording, prepared[b] as PreparedRecording),
      label,
    });
    titleArtistSplit[partA].push({
      pair: tagged,
      features: extractFeatures(titleArtist[a] as PreparedRecording, titleArtist[b] as PreparedRecording),
      label,
    });
  }
  const testTruePairs = [...truth].filter(
    (pair) => part.get(records[byId.get(pair.split("|")[0] as string) as number]?.cluster ?? "") === "test",
  ).length;
  return {
    split,
    titleArtistSplit,
    missedTestPairs: testTruePairs - split.test.filter((e) => e.label === 1).length,
    candidates: candidates.size,
    completeness: found / truth.size,
  };
}

/**
 * MusicBrainz 20K rows: weights fitted on train, threshold on validation. Test figures are pairwise
 * over the test clusters: recall counts every true pair of the test clusters, the ones the candidate
 * set missed as false negatives. With a `prior` fitted elsewhere, a row fitted with it too; a prior
 * fitted on this very CSV (its training fingerprint, see musicBrainzFingerprint) adds none.
 */
export function musicBrainzRows(
  path?: string,
  prior?: Prior,
): {
  rows: QualityRow[];
  candidates: number;
  completeness: number;
} {
  const {
    split,
    titleArtistSplit,
    missedTestPairs: missed,
    candidates,
    completeness,
  } = musicBrainzSplit(path);
  const systems = [
    { system: `sr-match (${FEATURE_NAMES.length} features)`, features: FEATURE_NAMES },
    {
      system: `sr-match (${FEATURE_NAMES.length} features), title + artist only`,
      features: FEATURE_NAMES,
      from: titleArtistSplit,
    },
    { system: "sr-match, 4 suggested features", features: BASELINE_FEATURES },
    ...(prior && prior.model.training.fingerprint !== musicBrainzFingerprint(path)
      ? [
          {
            system: `sr-match (${FEATURE_NAMES.length} features), ${prior.name}`,
            features: FEATURE_NAMES,
            source: prior.model,
          },
        ]
      : []),
  ];
  const rows = systems.map(({ system, features, source, from = split }) => {
    const fitted = fitCandidate(from, features, { source });
    return scoredRow({
      dataset: "MusicBrainz 20K",
      system,
      labels: [...split.test.map((e) => e.label), ...new Array<number>(missed).fill(1)],
      scores: [...fitted.testScores, ...new Array<number>(missed).fill(0)],
      threshold: fitted.threshold,
      note: `${split.test.length} candidate test pairs + ${missed} true pairs not in the candidate set`,
    });
  });
  return { rows, candidates, completeness };
}
