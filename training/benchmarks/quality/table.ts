import type { QualityRow } from "./row.ts";

const pct = (x: number) => (Number.isNaN(x) ? "—" : (100 * x).toFixed(2));

/**
 * The quality rows as one Markdown table, figures in %: dataset, system, test pairs, precision,
 * recall, F1 and its bootstrap 95 % interval.
 */
export function qualityTable(rows: readonly QualityRow[]): string {
  const lines = [
    "| dataset | system | test pairs | precision | recall | F1 | F1 95 % interval |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.dataset} | ${r.system} | ${r.n > 0 ? r.n.toLocaleString("en-US") : "—"} | ${pct(r.precision)} | ` +
        `${pct(r.recall)} | ${r.n > 0 ? `**${pct(r.f1)}**` : pct(r.f1)} | ` +
        `${r.f1Interval ? `${pct(r.f1Interval.low)}–${pct(r.f1Interval.high)}` : "—"} |`,
    ),
  ];
  return lines.join("\n");
}
