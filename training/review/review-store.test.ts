import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { pairKey, type ReviewInput, ReviewStore, reviewedLabels } from "./review-store.ts";

const freshPath = () => join(mkdtempSync(join(tmpdir(), "sr-match-reviews-")), "reviews.db");
const answer = (q: string, m: string, label: ReviewInput["label"], reviewer = "ana"): ReviewInput => ({
  q,
  m,
  label,
  reviewer,
  modelVersion: "abc",
  probability: 0.5,
  reason: "test",
});

describe("ReviewStore", () => {
  it("keeps every answer as a row, and the latest answer in force per unordered pair", () => {
    const store = new ReviewStore(freshPath());
    store.record(answer("a", "b", "valid"));
    store.record(answer("b", "a", "invalid"));
    store.record(answer("c", "d", "unsure"));
    expect(store.rows()).toHaveLength(3);
    expect(store.latest().get(pairKey("a", "b"))?.label).toBe("invalid");
    expect(store.latest().get(pairKey("d", "c"))?.label).toBe("unsure");
    store.close();
  });

  it("undoes a reviewer's last answer in force by appending a row, one step at a time", () => {
    const store = new ReviewStore(freshPath());
    store.record(answer("a", "b", "valid"));
    store.record(answer("c", "d", "invalid", "bo"));
    store.record(answer("a", "b", "invalid"));
    expect(store.undoLast("ana")?.label).toBe("invalid");
    expect(store.latest().get(pairKey("a", "b"))?.label).toBe("valid");
    expect(store.undoLast("ana")?.label).toBe("valid");
    expect(store.latest().has(pairKey("a", "b"))).toBe(false);
    expect(store.undoLast("ana")).toBeUndefined();
    expect(store.latest().get(pairKey("c", "d"))?.label).toBe("invalid");
    expect(store.rows().map((r) => r.label)).toEqual(["valid", "invalid", "invalid", "undo", "undo"]);
    store.close();
  });

  it("refuses to change or delete a row: the file is append-only", () => {
    const path = freshPath();
    const store = new ReviewStore(path);
    store.record(answer("a", "b", "valid"));
    store.close();
    const db = new Database(path);
    expect(() => db.prepare("UPDATE review SET label = 'invalid'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM review").run()).toThrow(/append-only/);
    db.close();
  });

  it("refuses a label that is not an answer", () => {
    const store = new ReviewStore(freshPath());
    expect(() => store.record(answer("a", "b", "maybe" as "valid"))).toThrow(RangeError);
    store.close();
  });
});

describe("reviewedLabels", () => {
  it("gives each pair its latest valid/invalid answer, leaving unsure and undone answers out", () => {
    const path = freshPath();
    const store = new ReviewStore(path);
    store.record(answer("a", "b", "invalid"));
    store.record(answer("a", "b", "unsure"));
    store.record(answer("c", "d", "valid"));
    store.record(answer("c", "d", "invalid"));
    store.undoLast("ana");
    store.record(answer("e", "f", "unsure"));
    store.close();
    const labels = reviewedLabels(path);
    expect([...labels.values()].map((r) => [r.q, r.label])).toEqual([
      ["a", "invalid"],
      ["c", "valid"],
    ]);
  });

  it("says when the file does not exist instead of creating it", () => {
    expect(() => reviewedLabels(join(tmpdir(), "no-such-dir-sr-match", "reviews.db"))).toThrow(
      /no reviews file/,
    );
  });

  it("refuses a SQLite file that is not a reviews file, and leaves it as it was", () => {
    const path = freshPath();
    const other = new Database(path);
    other.exec("CREATE TABLE soundrecording (sr_id TEXT)");
    other.close();
    const before = readFileSync(path);
    expect(() => reviewedLabels(path)).toThrow(/is not a reviews file/);
    expect(() => new ReviewStore(path)).toThrow(/is not a reviews file/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
