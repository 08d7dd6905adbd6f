import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { DedupeOutput } from "./pipeline.ts";

/** The headers other tools read; keep them exact. */
export const CANDIDATES_HEADER = "q_source_id,m_source_id,probability,class,sources";
export const CLUSTERS_HEADER = "sr_id,cluster_id";
export const REVIEW_HEADER = "q_source_id,m_source_id,probability,reason";

/** A CSV field, quoted only when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes lines to a file in large chunks, without holding the whole file as one string. */
export function writeLines(path: string, header: string, lines: Iterable<string>): number {
  const fd = openSync(path, "w");
  let count = 0;
  try {
    let chunk = `${header}\n`;
    for (const line of lines) {
      chunk += `${line}\n`;
      count++;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return count;
}

/** `candidates.csv`: every candidate pair with its probability, class and proposing sources. */
export function writeCandidates(dir: string, result: DedupeOutput): number {
  const { srIds, scored, candidates, threshold } = result;
  const ids = srIds.map(csvField);
  // A handful of distinct source masks name millions of pairs: join each mask's names once.
  const names = new Map<number, string>();
  const namesOf = (mask: number) => {
    const known = names.get(mask);
    if (known !== undefined) return known;
    const joined = candidates.names(mask);
    names.set(mask, joined);
    return joined;
  };
  // Scored pairs usually come in the set's order; then the i-th pair's mask needs no lookup.
  const inOrder = candidates.columns();
  const maskOf = (i: number, a: number, b: number) =>
    inOrder.lo[i] === a && inOrder.hi[i] === b ? (inOrder.mask[i] as number) : candidates.maskOf(a, b);
  return writeLines(
    join(dir, "candidates.csv"),
    CANDIDATES_HEADER,
    (function* () {
      for (let i = 0; i < scored.p.length; i++) {
        const a = scored.a[i] as number;
        const b = scored.b[i] as number;
        const p = scored.p[i] as number;
        yield `${ids[a]},${ids[b]},${p.toFixed(4)},${p >= threshold ? "valid" : "invalid"},${namesOf(maskOf(i, a, b))}`;
      }
    })(),
  );
}

/** `clusters.csv`: every record's cluster id, singletons included. */
export function writeClusters(dir: string, srIds: readonly string[], clusterIds: readonly string[]): number {
  return writeLines(
    join(dir, "clusters.csv"),
    CLUSTERS_HEADER,
    srIds.map((id, i) => `${csvField(id)},${csvField(clusterIds[i] as string)}`),
  );
}

/** A pair a reviewer should look at, and why. */
export interface ReviewPair {
  a: number;
  b: number;
  p: number;
  reason: string;
}

/**
 * The weak internal links of flagged clusters, for the review queue: in every cluster of at least
 * `largeSize` records or split by the repair, its `perCluster` weakest links; and every link the
 * repair refused, with the conflict behind it. Weakest first.
 */
export function reviewPairs(result: DedupeOutput, largeSize = 6, perCluster = 3): ReviewPair[] {
  const { clustering } = result;
  const sizes = new Map<number, number>();
  for (const c of clustering.clusterOf) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const byCluster = new Map<number, { a: number; b: number; p: number }[]>();
  for (const link of clustering.links) {
    const c = clustering.clusterOf[link.a] as number;
    if ((sizes.get(c) ?? 0) < largeSize && !clustering.repaired.has(c)) continue;
    const list = byCluster.get(c);
    if (list) list.push(link);
    else byCluster.set(c, [link]);
  }
  const out: ReviewPair[] = [];
  for (const [c, links] of byCluster) {
    const why = clustering.repaired.has(c) ? "repaired cluster" : "large cluster";
    links.sort((x, y) => x.p - y.p);
    for (const link of links.slice(0, perCluster))
      out.push({ ...link, reason: `weakest link of a ${why} of ${sizes.get(c)} records` });
  }
  for (const r of clustering.refused)
    out.push({ a: r.a, b: r.b, p: r.p, reason: `link refused: ${r.reason}` });
  return out.sort((x, y) => x.p - y.p);
}

/** `review-pairs.csv` for the review page's queue. */
export function writeReviewPairs(
  dir: string,
  srIds: readonly string[],
  pairs: readonly ReviewPair[],
): number {
  return writeLines(
    join(dir, "review-pairs.csv"),
    REVIEW_HEADER,
    pairs.map(
      (r) =>
        `${csvField(srIds[r.a] as string)},${csvField(srIds[r.b] as string)},${r.p.toFixed(4)},${csvField(r.reason)}`,
    ),
  );
}
