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
  // Every line is copied together from bytes encoded once (ids, probabilities, classes, source
  // names). Lines built as strings took the 1M run's write stage 9.8-10.9 s; so it takes 5.5-6.2 s
  // (runs taken in turn, docs/measurements.md "candidates.csv from bytes").
  const ids = encodedList(srIds.map(csvField));
  const names = new Map<number, Buffer>();
  const namesOf = (mask: number) => {
    let known = names.get(mask);
    if (!known) {
      known = Buffer.from(candidates.names(mask));
      names.set(mask, known);
    }
    return known;
  };
  const valid = Buffer.from(",valid,");
  const invalid = Buffer.from(",invalid,");
  // Scored pairs usually come in the set's order; then the i-th pair's mask needs no lookup.
  const inOrder = candidates.columns();
  const maskOf = (i: number, a: number, b: number) =>
    inOrder.lo[i] === a && inOrder.hi[i] === b ? (inOrder.mask[i] as number) : candidates.maskOf(a, b);
  const out = new ByteFile(join(dir, "candidates.csv"));
  try {
    out.bytes(Buffer.from(`${CANDIDATES_HEADER}\n`));
    for (let i = 0; i < scored.p.length; i++) {
      const a = scored.a[i] as number;
      const b = scored.b[i] as number;
      const p = scored.p[i] as number;
      out.slice(ids, a);
      out.byte(COMMA);
      out.slice(ids, b);
      out.byte(COMMA);
      writeProbability(out, p);
      out.bytes(p >= threshold ? valid : invalid);
      out.bytes(namesOf(maskOf(i, a, b)));
      out.byte(NEWLINE);
    }
  } finally {
    out.close();
  }
  return scored.p.length;
}

const COMMA = 0x2c;
/** Pieces up to this many bytes are copied in a loop, longer ones by `set`. */
const SHORT = 64;
const NEWLINE = 0x0a;

/** p.toFixed(4) of every probability in [0, 1], encoded once: `toFixed` took 0.7 s over 8 million. */
const PROBABILITY_TEXT = encodedList(Array.from({ length: 10_001 }, (_, k) => (k / 10_000).toFixed(4)));

/**
 * Writes `p.toFixed(4)`. A float32 probability times 10^4 is exact in a double, and Math.round and
 * toFixed both round its halves up, so the table holds the same text (pipeline.test.ts checks).
 */
function writeProbability(out: ByteFile, p: number): void {
  const k = Math.round(p * 10_000);
  if (k >= 0 && k <= 10_000) out.slice(PROBABILITY_TEXT, k);
  else out.bytes(Buffer.from(p.toFixed(4)));
}

/** Strings encoded once as UTF-8 into one buffer, string i at bytes [at[i], at[i + 1]). */
interface EncodedList {
  bytes: Buffer;
  at: Uint32Array;
}

function encodedList(list: readonly string[]): EncodedList {
  const at = new Uint32Array(list.length + 1);
  for (let i = 0; i < list.length; i++) at[i + 1] = (at[i] as number) + Buffer.byteLength(list[i] as string);
  const bytes = Buffer.allocUnsafe(at[list.length] as number);
  for (let i = 0; i < list.length; i++) bytes.write(list[i] as string, at[i] as number);
  return { bytes, at };
}

/** A file written from bytes through a 4 MB buffer. */
class ByteFile {
  readonly #fd: number;
  readonly #buffer = Buffer.allocUnsafe(1 << 22);
  #used = 0;

  constructor(path: string) {
    this.#fd = openSync(path, "w");
  }

  byte(value: number): void {
    if (this.#used === this.#buffer.length) this.#flush();
    this.#buffer[this.#used++] = value;
  }

  /** Copies the bytes in (a piece larger than the buffer goes to the file at once). */
  bytes(value: Uint8Array): void {
    this.#copy(value, 0, value.length);
  }

  /** String i of an encoded list. */
  slice(list: EncodedList, i: number): void {
    this.#copy(list.bytes, list.at[i] as number, list.at[i + 1] as number);
  }

  /**
   * Copies bytes [from, to) of `source` in. A short piece is copied byte by byte: a call into
   * `Buffer.copy` per field cost more than the copy (candidates.csv of the 1M run: 4.65 s with it,
   * 4.11 s without).
   */
  #copy(source: Uint8Array, from: number, to: number): void {
    const length = to - from;
    if (this.#used + length > this.#buffer.length) {
      this.#flush();
      if (length > this.#buffer.length) {
        this.#write(source.subarray(from, to));
        return;
      }
    }
    const buffer = this.#buffer;
    let at = this.#used;
    if (length > SHORT) buffer.set(source.subarray(from, to), at);
    else for (let j = from; j < to; j++) buffer[at++] = source[j] as number;
    this.#used += length;
  }

  close(): void {
    try {
      this.#flush();
    } finally {
      closeSync(this.#fd);
    }
  }

  #flush(): void {
    this.#write(this.#buffer.subarray(0, this.#used));
    this.#used = 0;
  }

  #write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.#fd, bytes, done, bytes.length - done);
  }
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
