import type { Database } from "sql.js";
import { dominantScript } from "../../lambda/script.ts";
import type { Romaniser } from "./romanise.ts";

/** The columns this step writes; the catalog reads them when present (see OPTIONAL_COLUMNS). */
const LATIN_COLUMNS = [
  ["title", "title_latin"],
  ["artists", "artists_latin"],
] as const;

/**
 * Adds `title_latin` and `artists_latin` to the catalog's `soundrecording` table (when absent) and
 * fills them for the rows whose title or artists are not in Latin letters; other rows stay NULL, which
 * the service reads as "use the field itself". Returns how many values were written.
 */
export async function romaniseCatalog(db: Database, romanise: Romaniser): Promise<number> {
  const present = new Set(
    (db.exec("SELECT name FROM pragma_table_info('soundrecording')")[0]?.values ?? []).map((row) =>
      String(row[0]),
    ),
  );
  for (const [, latin] of LATIN_COLUMNS)
    if (!present.has(latin)) db.exec(`ALTER TABLE soundrecording ADD COLUMN ${latin} TEXT`);
  const rows = db.exec("SELECT sr_id, title, artists FROM soundrecording")[0]?.values ?? [];
  const update = {
    title_latin: db.prepare("UPDATE soundrecording SET title_latin = ? WHERE sr_id = ?"),
    artists_latin: db.prepare("UPDATE soundrecording SET artists_latin = ? WHERE sr_id = ?"),
  };
  let written = 0;
  db.exec("BEGIN");
  for (const [srId, title, artists] of rows) {
    const fields = { title, artists };
    for (const [field, latin] of LATIN_COLUMNS) {
      const text = fields[field];
      if (typeof text !== "string") continue;
      const script = dominantScript(text);
      if (script === "latin" || script === "none") continue;
      update[latin].run([await romanise(text), String(srId)]);
      written++;
    }
  }
  db.exec("COMMIT");
  update.title_latin.free();
  update.artists_latin.free();
  return written;
}
