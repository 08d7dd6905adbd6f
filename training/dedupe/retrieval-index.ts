import { readFileSync } from "node:fs";
import { loadSqlJs } from "../../lambda/catalog.ts";
import { RETRIEVAL_TABLE } from "../../lambda/retrieval.ts";
import { writeFileWhole } from "../output-file.ts";
import type { DedupeOutput } from "./pipeline.ts";

/** Neighbours kept per recording; /matches rescores them with the serving model and takes `limit`. */
export const NEIGHBOURS_PER_RECORD = 10;

/**
 * Writes the /matches retrieval index into a catalog file: for each recording, the row ids of its
 * most probable candidates (up to {@link NEIGHBOURS_PER_RECORD}), comma-joined, keyed by its own row
 * id. Integer ids keep the table small (a few MB for the sample) so the catalog still loads fast.
 * Replaces any index the file had. The catalog is written whole or not at all (writeFileWhole): a
 * crash or a full disk while writing leaves the file as it was, never half a catalog.
 */
export async function writeRetrievalIndex(catalogPath: string, result: DedupeOutput): Promise<number> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(catalogPath));
  try {
    const rowId = new Map<string, number>();
    const ids = db.exec("SELECT sr_id, id FROM soundrecording")[0]?.values ?? [];
    for (const [srId, id] of ids) rowId.set(String(srId), Number(id));
    const best = new Map<number, { other: number; p: number }[]>();
    const { a, b, p } = result.scored;
    for (let i = 0; i < p.length; i++) {
      for (const [x, y] of [
        [a[i] as number, b[i] as number],
        [b[i] as number, a[i] as number],
      ] as const) {
        const list = best.get(x);
        if (list) list.push({ other: y, p: p[i] as number });
        else best.set(x, [{ other: y, p: p[i] as number }]);
      }
    }
    db.run(`DROP TABLE IF EXISTS ${RETRIEVAL_TABLE}`);
    db.run(`CREATE TABLE ${RETRIEVAL_TABLE} (id INTEGER PRIMARY KEY, neighbour_ids TEXT NOT NULL)`);
    const insert = db.prepare(`INSERT INTO ${RETRIEVAL_TABLE} VALUES (?, ?)`);
    db.run("BEGIN");
    for (const [x, list] of best) {
      const own = rowId.get(result.srIds[x] as string);
      if (own === undefined) continue;
      list.sort((m, n) => n.p - m.p);
      const neighbours = list
        .slice(0, NEIGHBOURS_PER_RECORD)
        .map((m) => rowId.get(result.srIds[m.other] as string))
        .filter((id) => id !== undefined);
      insert.run([own, neighbours.join(",")]);
    }
    db.run("COMMIT");
    insert.free();
    writeFileWhole(catalogPath, db.export());
    return best.size;
  } finally {
    db.close();
  }
}
