/**
 * Markdown tables of pair kinds and of the transforms that differ between the two sides of valid
 * pairs, from a sample's metadata.
 */
import type { Sample } from "./types.ts";

const pct = (n: number, d: number): string => (d ? ((100 * n) / d).toFixed(1) : "0.0");

/** Two markdown tables: pair kinds (count, share, tag) and transforms among valid pairs. */
export function tallyKinds(sample: Sample): string {
  const kinds = new Map<string, { n: number; valid: number }>();
  const transforms = new Map<string, number>();
  let valid = 0;
  sample.meta.forEach((m, i) => {
    const isValid = sample.pairs[i]?.tag === "valid";
    const k = kinds.get(m.kind) ?? { n: 0, valid: 0 };
    k.n++;
    if (isValid) k.valid++;
    kinds.set(m.kind, k);
    if (!isValid) return;
    valid++;
    for (const t of m.transforms) transforms.set(t, (transforms.get(t) ?? 0) + 1);
  });
  const total = sample.pairs.length;
  const out = ["| pair kind | pairs | % of pairs | tag |", "|---|---:|---:|---|"];
  for (const [k, v] of [...kinds].sort((a, b) => b[1].n - a[1].n)) {
    const tag = v.valid === v.n ? "valid" : v.valid === 0 ? "invalid" : `${v.valid} valid`;
    out.push(`| ${k} | ${v.n} | ${pct(v.n, total)} | ${tag} |`);
  }
  out.push("", "| differs between the two sides of a valid pair | pairs | % of valid |", "|---|---:|---:|");
  for (const [t, n] of [...transforms].sort((a, b) => b[1] - a[1]))
    out.push(`| ${t} | ${n} | ${pct(n, valid)} |`);
  return out.join("\n");
}
