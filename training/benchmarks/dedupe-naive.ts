import { connectedComponents } from "../dedupe/components.ts";
import { type Prf, pairwiseScores } from "../dedupe/metrics.ts";

/** Top-k neighbours by exact cosine of sparse TF-IDF vectors, with their similarities. */
export interface SparseNeighbours {
  k: number;
  ids: Int32Array;
  similarity: Float32Array;
}

/**
 * The naive baseline: character 3-grams of the lower-cased text, TF-IDF weighted, exact cosine over
 * an inverted index (no hashing, no approximation), top-k per record.
 */
export function tfidfNeighbours(texts: readonly string[], k: number): SparseNeighbours {
  const docs = texts.map((text) => {
    const padded = ` ${text.toLowerCase()} `;
    const tf = new Map<string, number>();
    for (let i = 0; i + 3 <= padded.length; i++) {
      const gram = padded.slice(i, i + 3);
      tf.set(gram, (tf.get(gram) ?? 0) + 1);
    }
    return tf;
  });
  const df = new Map<string, number>();
  for (const doc of docs) for (const gram of doc.keys()) df.set(gram, (df.get(gram) ?? 0) + 1);
  const postingLists = new Map<string, { docs: number[]; weights: number[] }>();
  const vectors = docs.map((doc, d) => {
    const entries = [...doc].map(
      ([gram, tf]) => [gram, tf * Math.log((1 + docs.length) / (1 + (df.get(gram) ?? 0)))] as const,
    );
    const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
    const unit = entries.map(([gram, w]) => [gram, w / norm] as const);
    for (const [gram, w] of unit) {
      let list = postingLists.get(gram);
      if (!list) {
        list = { docs: [], weights: [] };
        postingLists.set(gram, list);
      }
      list.docs.push(d);
      list.weights.push(w);
    }
    return unit;
  });
  const postings = new Map(
    [...postingLists].map(([gram, l]) => [
      gram,
      { docs: Int32Array.from(l.docs), weights: Float64Array.from(l.weights) },
    ]),
  );
  const ids = new Int32Array(texts.length * k).fill(-1);
  const similarity = new Float32Array(texts.length * k);
  const scores = new Float64Array(texts.length);
  const touched = new Int32Array(texts.length);
  vectors.forEach((unit, d) => {
    let count = 0;
    for (const [gram, w] of unit) {
      const list = postings.get(gram);
      if (!list) continue;
      const { docs: ds, weights } = list;
      for (let i = 0; i < ds.length; i++) {
        const other = ds[i] as number;
        if (scores[other] === 0) touched[count++] = other;
        scores[other] = (scores[other] as number) + w * (weights[i] as number);
      }
    }
    // Top k by insertion into a short sorted list (k is small).
    const top: number[] = [];
    for (let i = 0; i < count; i++) {
      const other = touched[i] as number;
      if (other === d) continue;
      const s = scores[other] as number;
      if (top.length === k && s <= (scores[top[k - 1] as number] as number)) continue;
      let j = top.length < k ? top.length : k - 1;
      while (j > 0 && (scores[top[j - 1] as number] as number) < s) {
        top[j] = top[j - 1] as number;
        j--;
      }
      top[j] = other;
    }
    top.forEach((other, j) => {
      ids[d * k + j] = other;
      similarity[d * k + j] = scores[other] as number;
    });
    for (let i = 0; i < count; i++) scores[touched[i] as number] = 0;
  });
  return { k, ids, similarity };
}

/** Share of true pairs (`a|b` keys over record ids) among the top-k neighbour pairs. */
export function neighbourCompleteness(
  ids: readonly string[],
  found: { k: number; ids: Int32Array },
  truth: ReadonlySet<string>,
): number {
  const pairs = new Set<string>();
  for (let d = 0; d < ids.length; d++)
    for (let j = 0; j < found.k; j++) {
      const other = found.ids[d * found.k + j] as number;
      if (other < 0) continue;
      pairs.add(pairKey(ids[d] as string, ids[other] as string));
    }
  let hit = 0;
  for (const pair of truth) if (pairs.has(pair)) hit++;
  return truth.size ? hit / truth.size : 0;
}

/** `a|b` with a < b by number (MusicBrainz ids are numbers), as truePairs() writes them. */
export function pairKey(a: string, b: string): string {
  return Number(a) < Number(b) ? `${a}|${b}` : `${b}|${a}`;
}

/**
 * The naive clustering baseline: neighbour pairs with similarity ≥ t joined by connected components;
 * the threshold is the F1-best on the truth itself (an oracle choice that favours the baseline).
 */
export function thresholdComponents(
  found: SparseNeighbours,
  truth: readonly unknown[],
): { threshold: number; scores: Prf } {
  let best = { threshold: 0, scores: { precision: 0, recall: 0, f1: -1 } as Prf };
  for (let t = 0.3; t <= 0.951; t += 0.05) {
    const a: number[] = [];
    const b: number[] = [];
    for (let d = 0; d < truth.length; d++)
      for (let j = 0; j < found.k; j++) {
        const other = found.ids[d * found.k + j] as number;
        if (other >= 0 && (found.similarity[d * found.k + j] as number) >= t) {
          a.push(d);
          b.push(other);
        }
      }
    const scores = pairwiseScores(connectedComponents(truth.length, a, b), truth);
    if (scores.f1 > best.scores.f1) best = { threshold: Number(t.toFixed(2)), scores };
  }
  return best;
}
