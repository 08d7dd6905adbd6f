import { readCsvRows } from "../csv.ts";

/** A previous run's clusters.csv (`sr_id,cluster_id`) as a map, to carry cluster ids over. */
export function readPreviousClusters(path: string): Map<string, string> {
  const rows = readCsvRows(path, ["sr_id", "cluster_id"]);
  return new Map(rows.map((row) => [row.sr_id ?? "", row.cluster_id ?? ""]));
}
