import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { classifyPair, type Matcher } from "../../lambda/match.ts";
import type { Pair } from "../csv.ts";
import { inBand, type ReviewBand } from "./review-band.ts";
import { pairKey } from "./review-store.ts";

/** Why a pair is in the queue, in queue order. */
export const QUEUE_KINDS = ["band", "label-error", "dedupe"] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

/** A pair to review, with why it is there and what the model said. */
export interface QueueItem {
  q: string;
  m: string;
  kind: QueueKind;
  /** One sentence a reviewer reads: why this pair is asked. */
  reason: string;
  /** The model's probability in [0, 1] that the pair is the same recording. */
  probability: number;
  /** The groundtruth label, when the pair has one. */
  label?: "valid" | "invalid";
}

/** A weak link of a flagged cluster, as `npm run dedupe` writes it in review-pairs.csv. */
export interface DedupePair {
  q: string;
  m: string;
  probability: number;
  reason: string;
}

/** The file `npm run dedupe` writes in its output dir. */
export const DEDUPE_FILE = "review-pairs.csv";

/**
 * Reads `<dir>/review-pairs.csv` (header q_source_id,m_source_id,probability,reason); undefined when
 * the file is absent, so the page can say the dedupe job has not run.
 */
export function readDedupePairs(dir: string): DedupePair[] | undefined {
  const path = join(dir, DEDUPE_FILE);
  if (!existsSync(path)) return undefined;
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Record<
    string,
    string
  >[];
  return rows.map((row, index) => {
    const probability = Number(row.probability);
    if (!row.q_source_id || !row.m_source_id || !Number.isFinite(probability)) {
      throw new RangeError(
        `${path}: line ${index + 2}: needs q_source_id, m_source_id and a numeric probability`,
      );
    }
    return { q: row.q_source_id, m: row.m_source_id, probability, reason: row.reason ?? "" };
  });
}

/** What the queue is built from. */
export interface QueueSources {
  matcher: Matcher;
  band: ReviewBand;
  /** Pairs to score for the band (candidates; the groundtruth when no other list is given). */
  candidates: readonly Pair[];
  /** Labelled pairs checked for suspected label errors. */
  labelled: readonly Pair[];
  /** Weak links from the dedupe job, when it has run. */
  dedupe?: readonly DedupePair[];
}

const fixed = (p: number) => p.toFixed(3);

/**
 * The review queue, in order: (1) pairs whose probability is inside the review band, closest to the
 * threshold first; (2) labelled pairs the model confidently contradicts (outside the band on the other
 * side of the label), most confident first; (3) the dedupe job's weak links. A pair appears once, under
 * its first kind; pairs naming ids the catalog lacks are left out and counted.
 */
export function buildQueue(sources: QueueSources): { items: QueueItem[]; unknown: number } {
  const { matcher, band } = sources;
  const seen = new Set<string>();
  let unknown = 0;
  const score = (q: string, m: string): number | undefined => {
    if (!matcher.catalog.get(q) || !matcher.catalog.get(m)) {
      unknown++;
      return undefined;
    }
    return classifyPair(matcher, q, m).probability;
  };
  const labels = new Map(sources.labelled.map((p) => [pairKey(p.q, p.m), p.tag]));
  const scored = new Map<string, number>();
  const bandItems: QueueItem[] = [];
  for (const pair of sources.candidates) {
    const key = pairKey(pair.q, pair.m);
    const probability = score(pair.q, pair.m);
    if (probability === undefined || seen.has(key)) continue;
    scored.set(key, probability);
    if (!inBand(probability, band)) continue;
    seen.add(key);
    const label = pair.tag ?? labels.get(key);
    bandItems.push({
      q: pair.q,
      m: pair.m,
      kind: "band",
      reason: `probability ${fixed(probability)} is inside the review band [${fixed(band.lower)}, ${fixed(band.upper)})`,
      probability,
      ...(label ? { label } : {}),
    });
  }
  const threshold = matcher.model.threshold;
  bandItems.sort((a, b) => Math.abs(a.probability - threshold) - Math.abs(b.probability - threshold));

  const errorItems: QueueItem[] = [];
  for (const pair of sources.labelled) {
    const key = pairKey(pair.q, pair.m);
    if (!pair.tag || seen.has(key)) continue;
    const probability = scored.get(key) ?? score(pair.q, pair.m);
    if (probability === undefined) continue;
    const contradicts = pair.tag === "valid" ? probability < band.lower : probability >= band.upper;
    if (!contradicts) continue;
    seen.add(key);
    errorItems.push({
      q: pair.q,
      m: pair.m,
      kind: "label-error",
      reason: `labelled ${pair.tag}, but the model gives ${fixed(probability)} (outside the review band, on the other side)`,
      probability,
      label: pair.tag,
    });
  }
  const confidence = (item: QueueItem) => (item.label === "valid" ? 1 - item.probability : item.probability);
  errorItems.sort((a, b) => confidence(b) - confidence(a));

  const dedupeItems: QueueItem[] = [];
  for (const link of sources.dedupe ?? []) {
    const key = pairKey(link.q, link.m);
    if (seen.has(key)) continue;
    const probability = score(link.q, link.m);
    if (probability === undefined) continue;
    seen.add(key);
    const label = labels.get(key);
    dedupeItems.push({
      q: link.q,
      m: link.m,
      kind: "dedupe",
      reason: `weak link of a cluster flagged by dedupe${link.reason ? `: ${link.reason}` : ""}`,
      probability,
      ...(label ? { label } : {}),
    });
  }
  return { items: [...bandItems, ...errorItems, ...dedupeItems], unknown };
}
