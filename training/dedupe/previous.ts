import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";

/** A previous run's clusters.csv (`sr_id,cluster_id`) as a map, to carry cluster ids over. */
export function readPreviousClusters(path: string): Map<string, string> {
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true, bom: true }) as Record<
    string,
    string
  >[];
  const header = rows[0] ? Object.keys(rows[0]) : [];
  if (rows.length > 0 && (!header.includes("sr_id") || !header.includes("cluster_id"))) {
    throw new RangeError(`${path}: the header must name sr_id and cluster_id (found ${header.join(",")})`);
  }
  return new Map(rows.map((row) => [row.sr_id ?? "", row.cluster_id ?? ""]));
}
