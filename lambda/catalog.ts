import initSqlJs, { type Database, type SqlJsStatic, type Statement } from "sql.js";
import {
  OPTIONAL_COLUMNS,
  type PreparedRecording,
  prepareRecording,
  type SoundRecording,
} from "./recording.ts";
import {
  NEIGHBOUR_IDS_SQL,
  neighbourSrIdsSql,
  RETRIEVAL_TABLE,
  RETRIEVAL_TABLE_EXISTS_SQL,
} from "./retrieval.ts";

/** Raised when bytes are not a SQLite catalog with a `soundrecording` table of the expected columns. */
export class InvalidCatalogError extends TypeError {
  override name = "InvalidCatalogError";
}

const REQUIRED_COLUMNS = ["sr_id", "title", "artists", "isrcs", "contributors"] as const;
/** Prepared recordings kept in memory; enough for the sample catalog, bounded for a large one. */
const DEFAULT_CACHE_SIZE = 200_000;

/**
 * What matching needs of a catalog, whatever holds it: the sql.js file in memory (the embedded
 * default) or a DynamoDB table (lambda/dynamo-catalog.ts) for catalogs too large for memory.
 */
export interface RecordingCatalog {
  /** The recording with this sr_id, normalised, or undefined when it is not held. */
  get(srId: string): PreparedRecording | undefined;
  /**
   * Only for a remote store: fetches these ids in one round trip and returns a catalog holding them
   * (absent ids stay absent). An embedded catalog has no such method; `get` answers directly.
   */
  fetchMany?(srIds: readonly string[]): Promise<RecordingCatalog>;
  /** The retrieval index's candidates of this id, or undefined when the catalog carries no index. */
  neighbours?(srId: string): string[] | undefined;
  /** Frees what the catalog holds; called when a newer release replaces it. */
  close(): void;
}

let sqlJs: Promise<SqlJsStatic> | undefined;

/** Loads the sql.js WebAssembly module once per process; a failed load is retried next time. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs().catch((error: unknown) => {
    sqlJs = undefined;
    throw error;
  });
  return sqlJs;
}

/**
 * The sound-recording catalog, held in memory by sql.js. Lookups bind the id as an SQL parameter and
 * keep each recording's normalised form, so a recording is parsed once per process.
 */
export class Catalog implements RecordingCatalog {
  readonly #db: Database;
  readonly #byId: Statement;
  readonly #cache = new Map<string, PreparedRecording>();
  readonly #cacheSize: number;
  /** The retrieval index lookup, prepared on first use; null when the catalog has none. */
  #neighbours: Statement | null | undefined;
  /** The columns read: the required five, then whichever optional ones the table has. */
  readonly #columns: readonly string[];

  private constructor(db: Database, cacheSize: number, columns: readonly string[]) {
    this.#db = db;
    this.#columns = columns;
    this.#byId = db.prepare(`SELECT ${columns.join(", ")} FROM soundrecording WHERE sr_id = ?`);
    this.#cacheSize = cacheSize;
  }

  /** Opens a catalog from the bytes of a SQLite file; throws InvalidCatalogError if it is not one. */
  static async open(bytes: Uint8Array, cacheSize = DEFAULT_CACHE_SIZE): Promise<Catalog> {
    const SQL = await loadSqlJs();
    let db: Database | undefined;
    try {
      db = new SQL.Database(bytes);
      // One statement of the same kind as every lookup: a second kind (e.g. pragma_table_info) makes
      // sql.js compile more of SQLite's wasm on a cold start.
      const probe = db.prepare("SELECT * FROM soundrecording LIMIT 0");
      const present = probe.getColumnNames();
      probe.free();
      return new Catalog(db, cacheSize, catalogColumns(present));
    } catch (error) {
      db?.close();
      throw new InvalidCatalogError(`not a sound-recording catalog: ${(error as Error).message}`);
    }
  }

  /** The recording with this sr_id, normalised, or undefined when the catalog has none. */
  get(srId: string): PreparedRecording | undefined {
    const cached = this.#cache.get(srId);
    if (cached) return cached;
    const raw = this.#find(srId);
    if (!raw) return undefined;
    const prepared = prepareRecording(raw);
    if (this.#cache.size >= this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(srId, prepared);
    return prepared;
  }

  /**
   * The sr_ids the release's retrieval index lists as this recording's likely duplicates ([] when
   * none), or undefined when the catalog has no index table (see lambda/retrieval.ts).
   */
  neighbours(srId: string): string[] | undefined {
    if (this.#neighbours === undefined) {
      const tables = this.#db.exec(RETRIEVAL_TABLE_EXISTS_SQL, [RETRIEVAL_TABLE]);
      this.#neighbours = tables.length ? this.#db.prepare(NEIGHBOUR_IDS_SQL) : null;
    }
    if (this.#neighbours === null) return undefined;
    const sql = neighbourSrIdsSql(this.#neighbours.get([srId])[0]);
    this.#neighbours.reset();
    if (sql === undefined) return [];
    return (this.#db.exec(sql)[0]?.values ?? []).map((row) => String(row[0]));
  }

  /** Every stored recording, in id order; for offline use (training, batch scoring). */
  *all(): Generator<SoundRecording> {
    const statement = this.#db.prepare(`SELECT ${this.#columns.join(", ")} FROM soundrecording ORDER BY id`);
    try {
      while (statement.step()) yield toRecording(statement.get(), this.#columns);
    } finally {
      statement.free();
    }
  }

  /**
   * Normalises every recording up front (one table scan), up to the cache size; batch jobs call
   * this so that each lookup afterwards is a map hit. Returns how many are now held.
   */
  prepareAll(): number {
    for (const raw of this.all()) {
      if (this.#cache.size >= this.#cacheSize) break;
      if (!this.#cache.has(raw.sr_id)) this.#cache.set(raw.sr_id, prepareRecording(raw));
    }
    return this.#cache.size;
  }

  /** Number of recordings stored. */
  get size(): number {
    const result = this.#db.exec("SELECT count(*) FROM soundrecording");
    return Number(result[0]?.values[0]?.[0] ?? 0);
  }

  close(): void {
    this.#byId.free();
    this.#neighbours?.free();
    this.#db.close();
  }

  #find(srId: string): SoundRecording | undefined {
    try {
      this.#byId.bind([srId]);
      return this.#byId.step() ? toRecording(this.#byId.get(), this.#columns) : undefined;
    } finally {
      this.#byId.reset();
    }
  }
}

/**
 * The columns a catalog is read by, given those its `soundrecording` table has: the required ones
 * (throws naming any missing), then the optional ones it holds. {@link toRecording} reads rows of them.
 */
export function catalogColumns(present: readonly string[]): string[] {
  // `id` orders the records (and numbers them for the retrieval index); it is not part of a record.
  const missing = ["id", ...REQUIRED_COLUMNS].filter((column) => !present.includes(column));
  if (missing.length > 0) throw new Error(`table soundrecording has no column ${missing.join(", ")}`);
  return [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS.filter((column) => present.includes(column))];
}

/** A row of the {@link catalogColumns} as a recording. */
export function toRecording(row: unknown[], columns: readonly string[]): SoundRecording {
  const text = (v: unknown): string | null => (v == null ? null : String(v));
  const [sr_id, title, artists, isrcs, contributors] = row.map(text);
  const recording: SoundRecording = {
    sr_id: sr_id ?? "",
    title: title ?? null,
    artists: artists ?? null,
    isrcs: isrcs ?? null,
    contributors: contributors ?? null,
  };
  for (let i = REQUIRED_COLUMNS.length; i < columns.length; i++) {
    const value = row[i];
    if (columns[i] === "album") recording.album = text(value);
    else if (columns[i] === "duration_ms")
      recording.duration_ms = wholeOrNull(value, Number.MAX_SAFE_INTEGER);
    else if (columns[i] === "year") recording.year = wholeOrNull(value, MAX_YEAR);
    else if (columns[i] === "title_latin") recording.title_latin = text(value);
    else if (columns[i] === "artists_latin") recording.artists_latin = text(value);
  }
  return recording;
}

/** The largest year read: the format's years have four digits; a larger one is a broken value. */
const MAX_YEAR = 9999;

/**
 * A column's number rounded to a whole one (milliseconds, years), or null when it is missing, not a
 * number, or past `max`: both engines read these columns so (the batch engine's tables hold them as
 * integers), so a fractional or broken value cannot make their scores differ.
 */
function wholeOrNull(value: unknown, max: number): number | null {
  if (value == null || value === "") return null;
  const n = Math.round(Number(value));
  return Number.isFinite(n) && Math.abs(n) <= max ? n : null;
}
