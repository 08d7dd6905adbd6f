/**
 * Turns built rows into the output form: ids numbered by first appearance in the groundtruth, the
 * records in id order, and per-pair metadata (kind, transforms that differ between the two sides).
 */
import type { Node, Row } from "./builder.ts";
import type { LabelledPair, OptionalFields, PairMeta, Sample, SampleRecord } from "./types.ts";

/** Transforms present on exactly one side, with feat placements folded into "feat moved". */
export function differingTransforms(a: Node, b: Node): string[] {
  const sa = new Set(a.transforms);
  const sb = new Set(b.transforms);
  const out = new Set<string>();
  for (const t of sa) if (!sb.has(t)) out.add(t);
  for (const t of sb) if (!sa.has(t)) out.add(t);
  const named = [...out].map((t) =>
    t.startsWith("feat:") ? "feat moved" : t.startsWith("script:") ? "script changed" : t,
  );
  return [...new Set(named)].sort();
}

/** The sample for rows in their final order. */
export function numberSample(rows: readonly Row[]): Sample {
  const ids = new Map<Node, number>();
  const records: SampleRecord[] = [];
  const pairs: LabelledPair[] = [];
  const meta: PairMeta[] = [];
  const optional: OptionalFields[] = [];
  for (const row of rows) {
    for (const n of [row.q, row.m]) {
      if (ids.has(n)) continue;
      ids.set(n, ids.size + 1);
      records.push({ id: ids.size, sr_id: n.srId, ...n.fields });
      optional.push(n.optional);
    }
    pairs.push({ q: row.q.srId, m: row.m.srId, tag: row.tag });
    meta.push({ kind: row.kind, transforms: differingTransforms(row.q, row.m) });
  }
  return { records, pairs, meta, optional };
}
