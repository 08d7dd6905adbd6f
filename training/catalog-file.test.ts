import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { Catalog, InvalidCatalogError } from "../lambda/catalog.ts";
import { CatalogFile } from "./catalog-file.ts";

// The offline jobs read the catalog file as a stream (better-sqlite3); the API reads it with sql.js.
// Both must give the same recordings, optional columns included, and refuse the same bad files.
const dir = mkdtempSync(join(tmpdir(), "catalog-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bothWays(path: string) {
  const file = CatalogFile.open(path);
  const catalog = await Catalog.open(readFileSync(path));
  try {
    return { streamed: [...file.records()], inMemory: [...catalog.all()] };
  } finally {
    file.close();
    catalog.close();
  }
}

describe("CatalogFile", () => {
  it("streams the sample catalog's recordings as the API's catalog reads them, in id order", async () => {
    const { streamed, inMemory } = await bothWays("data/db.db");
    expect(streamed.length).toBeGreaterThan(50_000);
    expect(streamed).toEqual(inMemory);
    expect(streamed.slice(0, 3).map((r) => r.sr_id)).toEqual(["123", "456", "789"]);
  });

  it("reads the optional columns, null where a row has none", async () => {
    const path = join(dir, "optional.db");
    const db = new Database(path);
    db.exec(`CREATE TABLE soundrecording (id INTEGER PRIMARY KEY, sr_id TEXT, title TEXT, artists TEXT,
      isrcs TEXT, contributors TEXT, album TEXT, duration_ms INTEGER, year INTEGER)`);
    const insert = db.prepare("INSERT INTO soundrecording VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.run(2, "b", "Two", "X", "None", "", "Album", 201_000, 1999);
    insert.run(1, "a", "One", null, "USRC16908444", "Y|Z", null, null, null);
    db.close();
    const { streamed, inMemory } = await bothWays(path);
    expect(streamed).toEqual(inMemory);
    expect(streamed).toEqual([
      {
        sr_id: "a",
        title: "One",
        artists: null,
        isrcs: "USRC16908444",
        contributors: "Y|Z",
        album: null,
        duration_ms: null,
        year: null,
      },
      {
        sr_id: "b",
        title: "Two",
        artists: "X",
        isrcs: "None",
        contributors: "",
        album: "Album",
        duration_ms: 201_000,
        year: 1999,
      },
    ]);
  });

  it("refuses a missing file, a file that is not SQLite, and a table without a required column", () => {
    expect(() => CatalogFile.open(join(dir, "missing.db"))).toThrow(/^ENOENT: .*missing\.db'$/);
    const notDb = join(dir, "not.db");
    writeFileSync(notDb, "not a database");
    expect(() => CatalogFile.open(notDb)).toThrow(InvalidCatalogError);
    const noIsrcs = join(dir, "no-isrcs.db");
    const db = new Database(noIsrcs);
    db.exec(
      "CREATE TABLE soundrecording (id INTEGER PRIMARY KEY, sr_id TEXT, title TEXT, artists TEXT, contributors TEXT)",
    );
    db.close();
    expect(() => CatalogFile.open(noIsrcs)).toThrow(
      /^.* is not a sound-recording catalog: table soundrecording has no column isrcs$/,
    );
  });

  it.each([
    ["an sr_id held by two records", "(1, 'x'), (2, 'x'), (3, 'z')", /: sr_id "x" is held by 2 records$/],
    ["a record without an sr_id", "(1, 'x'), (2, NULL)", /: the record of id 2 has no sr_id$/],
    ["a record with an empty sr_id", "(1, ''), (2, 'x')", /: the record of id 1 has no sr_id$/],
  ])("refuses %s, naming it", (_, rows, message) => {
    const path = join(dir, `ids-${rows.length}.db`);
    const db = new Database(path);
    db.exec(
      "CREATE TABLE soundrecording (id INTEGER PRIMARY KEY, sr_id TEXT, title TEXT, artists TEXT, isrcs TEXT, contributors TEXT)",
    );
    db.exec(`INSERT INTO soundrecording (id, sr_id) VALUES ${rows}`);
    db.close();
    expect(() => CatalogFile.open(path)).toThrow(message);
  });
});
