import { accessSync, constants } from "node:fs";
import Database from "better-sqlite3";
import { catalogColumns, InvalidCatalogError, toRecording } from "../lambda/catalog.ts";
import type { SoundRecording } from "../lambda/recording.ts";
import {
  NEIGHBOUR_IDS_SQL,
  neighbourSrIdsSql,
  RETRIEVAL_TABLE,
  RETRIEVAL_TABLE_EXISTS_SQL,
} from "../lambda/retrieval.ts";

/**
 * A catalog file (the SQLite `db.db`) read from disk as a stream, for the offline jobs that read
 * every record once (`npm run dedupe`, `npm run dedupe:start`). sql.js (lambda/catalog.ts, the API's
 * catalog) holds the whole file in memory, and Node 20 cannot read a file of more than 4 GB into one
 * buffer; better-sqlite3 reads the file's pages as the rows are stepped through, so neither the file
 * nor its records are held at once. `npm run upload -- --catalog-table` reads it so too.
 */
export class CatalogFile {
  readonly #db: Database.Database;
  readonly #columns: readonly string[];

  private constructor(db: Database.Database, columns: readonly string[]) {
    this.#db = db;
    this.#columns = columns;
  }

  /**
   * Opens the catalog at `path` read-only and checks its columns, as the API's catalog does: throws
   * the file system's error when it cannot be read, InvalidCatalogError when it is not a catalog.
   */
  static open(path: string): CatalogFile {
    accessSync(path, constants.R_OK);
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      const columns = db.prepare("SELECT * FROM soundrecording LIMIT 0").columns();
      const file = new CatalogFile(db, catalogColumns(columns.map((c) => c.name)));
      checkIds(db);
      return file;
    } catch (error) {
      db?.close();
      throw new InvalidCatalogError(`${path} is not a sound-recording catalog: ${(error as Error).message}`);
    }
  }

  /** Every recording, in id order, one row at a time. */
  *records(): Generator<SoundRecording> {
    const rows = this.#db
      .prepare(`SELECT ${this.#columns.join(", ")} FROM soundrecording ORDER BY id`)
      .raw()
      .iterate() as IterableIterator<unknown[]>;
    for (const row of rows) yield toRecording(row, this.#columns);
  }

  /**
   * The release's retrieval index (lambda/retrieval.ts) as each recording's likely duplicates by
   * sr_id, or undefined when the file holds no index.
   */
  neighbourLookup(): ((srId: string) => string[]) | undefined {
    if (!this.#db.prepare(RETRIEVAL_TABLE_EXISTS_SQL).get(RETRIEVAL_TABLE)) return undefined;
    const neighbourIds = this.#db.prepare(NEIGHBOUR_IDS_SQL).pluck();
    return (srId) => {
      const sql = neighbourSrIdsSql(neighbourIds.get(srId));
      return sql === undefined ? [] : (this.#db.prepare(sql).pluck().all() as unknown[]).map(String);
    };
  }

  /** Number of recordings stored. */
  get size(): number {
    return Number(this.#db.prepare("SELECT count(*) FROM soundrecording").pluck().get());
  }

  close(): void {
    this.#db.close();
  }
}

/**
 * Throws naming the first record without an sr_id, or the first sr_id held by more than one record:
 * the jobs key their outputs by sr_id, and such a catalog gave pairs of a record with itself and
 * clusters.csv rows that cannot be told apart. One pass of SQLite over the ids (0.2 CPU seconds at 10⁶
 * records with the sample's unique index on sr_id).
 */
function checkIds(db: Database.Database): void {
  const missing = db
    .prepare("SELECT id FROM soundrecording WHERE sr_id IS NULL OR sr_id = '' LIMIT 1")
    .get() as { id: unknown } | undefined;
  if (missing) throw new Error(`the record of id ${missing.id} has no sr_id`);
  const repeated = db
    .prepare("SELECT sr_id, count(*) AS n FROM soundrecording GROUP BY sr_id HAVING n > 1 LIMIT 1")
    .get() as { sr_id: string; n: number } | undefined;
  if (repeated) throw new Error(`sr_id ${JSON.stringify(repeated.sr_id)} is held by ${repeated.n} records`);
}
