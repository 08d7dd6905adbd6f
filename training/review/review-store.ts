import { existsSync } from "node:fs";
import Database from "better-sqlite3";

/** What a reviewer can answer about a pair. */
export const REVIEW_LABELS = ["valid", "invalid", "unsure"] as const;
export type ReviewLabel = (typeof REVIEW_LABELS)[number];

/** One answer as shown to the reviewer: the pair, the label and what the page showed. */
export interface ReviewInput {
  q: string;
  m: string;
  label: ReviewLabel;
  reviewer: string;
  modelVersion: string;
  /** Probability in [0, 1] the page showed for the pair. */
  probability: number;
  /** Why the pair was in the queue (band, suspected label error, dedupe). */
  reason: string;
}

/** A stored row: an answer, or an undo naming the row it takes back. */
export interface ReviewRow {
  id: number;
  q: string;
  m: string;
  label: ReviewLabel | "undo";
  reviewer: string;
  decidedAt: string;
  modelVersion: string;
  probability: number | null;
  reason: string;
  undoes: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS review (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  q_sr_id TEXT NOT NULL,
  m_sr_id TEXT NOT NULL,
  label TEXT NOT NULL CHECK (label IN ('valid', 'invalid', 'unsure', 'undo')),
  reviewer TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  model_version TEXT NOT NULL,
  probability REAL,
  reason TEXT NOT NULL DEFAULT '',
  undoes INTEGER REFERENCES review (id)
);
CREATE TRIGGER IF NOT EXISTS review_no_update BEFORE UPDATE ON review
  BEGIN SELECT RAISE(ABORT, 'review is append-only'); END;
CREATE TRIGGER IF NOT EXISTS review_no_delete BEFORE DELETE ON review
  BEGIN SELECT RAISE(ABORT, 'review is append-only'); END;
`;

/** The unordered key of a pair: (a, b) and (b, a) are one pair. */
export function pairKey(q: string, m: string): string {
  return q < m ? `${q}\u0000${m}` : `${m}\u0000${q}`;
}

/**
 * The reviews file: an append-only SQLite table (triggers refuse UPDATE and DELETE). Each answer is
 * one INSERT committed at once in its own transaction, with WAL and synchronous=FULL, so killing the
 * process loses nothing already answered. Undo appends a row naming the row it takes back.
 */
export class ReviewStore {
  readonly #db: Database.Database;

  /**
   * Opens the reviews file at `path`, made when missing; `readOnly` opens an existing one without
   * writing to it. Throws an Error naming the file when it is not a reviews file (another SQLite
   * database, or not SQLite at all), which is then left as it was.
   */
  constructor(path: string, { readOnly = false }: { readOnly?: boolean } = {}) {
    let db: Database.Database;
    try {
      db = new Database(path, readOnly ? { readonly: true, fileMustExist: true } : {});
    } catch (error) {
      throw new Error(`cannot open reviews file ${path}: ${(error as Error).message}`);
    }
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      if (tables.length > 0 && !tables.includes("review"))
        throw new Error("it holds other tables and no review table");
      if (readOnly && tables.length === 0) throw new Error("it holds no review table");
      if (!readOnly) {
        db.pragma("journal_mode = WAL");
        db.pragma("synchronous = FULL");
        db.exec(SCHEMA);
      }
    } catch (error) {
      db.close();
      throw new Error(`${path} is not a reviews file: ${(error as Error).message}`);
    }
    this.#db = db;
  }

  /** Appends an answer; returns its row id. */
  record(input: ReviewInput, at = new Date()): number {
    if (!REVIEW_LABELS.includes(input.label)) throw new RangeError(`label must be one of ${REVIEW_LABELS}`);
    const insert = this.#db.prepare(
      `INSERT INTO review (q_sr_id, m_sr_id, label, reviewer, decided_at, model_version, probability, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const run = this.#db.transaction(() =>
      insert.run(
        input.q,
        input.m,
        input.label,
        input.reviewer,
        at.toISOString(),
        input.modelVersion,
        input.probability,
        input.reason,
      ),
    );
    return Number(run().lastInsertRowid);
  }

  /**
   * Takes back this reviewer's latest answer still in force by appending an undo row; returns the
   * row taken back, or undefined when there is none.
   */
  undoLast(reviewer: string, at = new Date()): ReviewRow | undefined {
    const undo = this.#db.transaction(() => {
      const target = this.#inForce()
        .filter((row) => row.reviewer === reviewer)
        .at(-1);
      if (!target) return undefined;
      this.#db
        .prepare(
          `INSERT INTO review (q_sr_id, m_sr_id, label, reviewer, decided_at, model_version, probability, reason, undoes)
           VALUES (?, ?, 'undo', ?, ?, ?, NULL, '', ?)`,
        )
        .run(target.q, target.m, reviewer, at.toISOString(), target.modelVersion, target.id);
      return target;
    });
    return undo.immediate();
  }

  /** Every row, oldest first. */
  rows(): ReviewRow[] {
    return (
      this.#db
        .prepare(
          `SELECT id, q_sr_id AS q, m_sr_id AS m, label, reviewer, decided_at AS decidedAt,
                  model_version AS modelVersion, probability, reason, undoes
           FROM review ORDER BY id`,
        )
        .all() as ReviewRow[]
    ).map((row) => ({ ...row }));
  }

  /** Answers not taken back by an undo, oldest first. */
  #inForce(): ReviewRow[] {
    const rows = this.rows();
    const undone = new Set(rows.flatMap((row) => (row.undoes === null ? [] : [row.undoes])));
    return rows.filter((row) => row.label !== "undo" && !undone.has(row.id));
  }

  /** The latest answer in force for each pair (by pairKey), unsure included. */
  latest(): Map<string, ReviewRow> {
    const latest = new Map<string, ReviewRow>();
    for (const row of this.#inForce()) latest.set(pairKey(row.q, row.m), row);
    return latest;
  }

  close(): void {
    this.#db.close();
  }
}

/**
 * The labels a reviews file gives for training: per pair the latest answer in force that is `valid`
 * or `invalid` (`unsure` answers are left out). Opens the file read-only through the same rules.
 */
export function reviewedLabels(path: string): Map<string, ReviewRow & { label: "valid" | "invalid" }> {
  if (!existsSync(path)) throw new Error(`no reviews file at ${path}`);
  const store = new ReviewStore(path, { readOnly: true });
  try {
    const labels = new Map<string, ReviewRow & { label: "valid" | "invalid" }>();
    const rows = store.rows();
    const undone = new Set(rows.flatMap((row) => (row.undoes === null ? [] : [row.undoes])));
    for (const row of rows) {
      if (undone.has(row.id) || (row.label !== "valid" && row.label !== "invalid")) continue;
      labels.set(pairKey(row.q, row.m), row as ReviewRow & { label: "valid" | "invalid" });
    }
    return labels;
  } finally {
    store.close();
  }
}
