import { describe, expect, it } from "vitest";
import { Catalog, InvalidCatalogError, loadSqlJs } from "./catalog.ts";
import { catalogBytes, EXAMPLE_RECORDS } from "./catalog-fixture.ts";

/** The bytes of a SQLite file made by running `statements` on an empty database. */
async function sqliteBytes(...statements: string[]): Promise<Uint8Array> {
  const db = new (await loadSqlJs()).Database();
  for (const statement of statements) db.run(statement);
  const bytes = db.export();
  db.close();
  return bytes;
}

describe("Catalog", () => {
  it("finds a recording by sr_id and normalises it", async () => {
    const catalog = await Catalog.open(await catalogBytes(EXAMPLE_RECORDS));
    const recording = catalog.get("123");
    expect(recording?.raw).toEqual(EXAMPLE_RECORDS[0]);
    expect(recording?.artists.key).toBe("beatles");
    expect(catalog.size).toBe(3);
  });

  it("reads album, duration_ms and year when the table has those optional columns", async () => {
    const bytes = await sqliteBytes(
      "CREATE TABLE soundrecording (id INTEGER PRIMARY KEY, sr_id TEXT, title TEXT, artists TEXT, isrcs TEXT, contributors TEXT, year INTEGER, album TEXT, duration_ms INTEGER)",
      "INSERT INTO soundrecording VALUES (1, 'a', 'Help!', 'The Beatles', '', '', 1965, 'Help!', 138000)",
      "INSERT INTO soundrecording VALUES (2, 'b', 'Help!', 'The Beatles', '', '', NULL, NULL, NULL)",
    );
    const catalog = await Catalog.open(bytes);
    expect(catalog.get("a")?.raw).toMatchObject({ album: "Help!", duration_ms: 138000, year: 1965 });
    expect(catalog.get("b")?.raw).toMatchObject({ album: null, duration_ms: null, year: null });
  });

  it("reads duration_ms and year as whole numbers, as the batch engine's integer columns hold them", async () => {
    const bytes = await sqliteBytes(
      "CREATE TABLE soundrecording (id INTEGER PRIMARY KEY, sr_id TEXT, title TEXT, artists TEXT, isrcs TEXT, contributors TEXT, year REAL, duration_ms REAL)",
      "INSERT INTO soundrecording VALUES (1, 'a', 'Help!', 'The Beatles', '', '', 1965.4, 138000.6)",
      "INSERT INTO soundrecording VALUES (2, 'b', 'Help!', 'The Beatles', '', '', 2147483648, 'long')",
    );
    const catalog = await Catalog.open(bytes);
    expect(catalog.get("a")?.raw).toMatchObject({ duration_ms: 138001, year: 1965 });
    expect(catalog.get("b")?.raw).toMatchObject({ duration_ms: null, year: null });
  });

  it("leaves the optional fields out for a catalog of the four-field format", async () => {
    const catalog = await Catalog.open(await catalogBytes(EXAMPLE_RECORDS));
    expect(Object.keys(catalog.get("456")?.raw ?? {})).toEqual([
      "sr_id",
      "title",
      "artists",
      "isrcs",
      "contributors",
    ]);
  });

  it("answers undefined for an unknown id", async () => {
    const catalog = await Catalog.open(await catalogBytes(EXAMPLE_RECORDS));
    expect(catalog.get("999")).toBeUndefined();
  });

  it("binds ids as parameters, so SQL in an id is just an unknown id", async () => {
    const catalog = await Catalog.open(await catalogBytes(EXAMPLE_RECORDS));
    expect(catalog.get("123' OR '1'='1")).toBeUndefined();
    expect(catalog.get("123; DROP TABLE soundrecording; --")).toBeUndefined();
    expect(catalog.get("456")?.raw.sr_id).toBe("456");
  });

  it("keeps ids with spaces, quotes and other scripts", async () => {
    const odd = [
      { ...EXAMPLE_RECORDS[0], sr_id: "crawler_ritmonet__US CA2 1001256" },
      { ...EXAMPLE_RECORDS[1], sr_id: "x'\"ü__日本" },
    ];
    const catalog = await Catalog.open(await catalogBytes(odd as never));
    expect(catalog.get("crawler_ritmonet__US CA2 1001256")).toBeDefined();
    expect(catalog.get("x'\"ü__日本")).toBeDefined();
  });

  it("evicts the oldest normalised recording beyond its cache size and still finds it again", async () => {
    const catalog = await Catalog.open(await catalogBytes(EXAMPLE_RECORDS), 2);
    const first = catalog.get("123");
    catalog.get("456");
    catalog.get("789");
    const again = catalog.get("123");
    expect(again?.raw).toEqual(first?.raw);
    expect(again).not.toBe(first);
  });

  it("prepares every recording in one scan for batch work", async () => {
    const catalog = await Catalog.open(await catalogBytes(EXAMPLE_RECORDS));
    expect(catalog.prepareAll()).toBe(3);
  });

  it.each([
    ["random bytes", new Uint8Array([1, 2, 3, 4, 5])],
    ["an empty database", new Uint8Array()],
  ])("refuses %s", async (_case, bytes) => {
    await expect(Catalog.open(bytes)).rejects.toThrow(InvalidCatalogError);
  });

  it("refuses a soundrecording table without a required column, naming it", async () => {
    const bytes = await sqliteBytes(
      "CREATE TABLE soundrecording (id INTEGER PRIMARY KEY, sr_id TEXT, title TEXT, artists TEXT, contributors TEXT)",
    );
    await expect(Catalog.open(bytes)).rejects.toThrow(/no column isrcs/);
  });

  it("refuses a soundrecording table without the id that orders its records, naming it", async () => {
    const bytes = await sqliteBytes(
      "CREATE TABLE soundrecording (sr_id TEXT, title TEXT, artists TEXT, isrcs TEXT, contributors TEXT)",
    );
    await expect(Catalog.open(bytes)).rejects.toThrow(/no column id$/);
  });
});
