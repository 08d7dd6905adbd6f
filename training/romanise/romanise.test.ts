import { describe, expect, it } from "vitest";
import { Catalog, loadSqlJs } from "../../lambda/catalog.ts";
import { createRomaniser } from "./romanise.ts";
import { romaniseCatalog } from "./romanise-catalog.ts";

describe("romanising a catalog at release time", () => {
  it("reads each script with its own library", async () => {
    const romanise = await createRomaniser();
    expect(await romanise("宇多田ヒカル")).toBe("utada hikaru");
    expect(await romanise("방탄소년단")).toBe("bangtansonyeondan");
    expect(await romanise("周杰伦")).toBe("zhou jie lun");
    expect(await romanise("Кино")).toBe("Kino");
    expect(await romanise("Yesterday")).toBe("Yesterday");
  }, 60_000);

  it("writes Latin columns the catalog then reads, only for rows in other scripts", async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec(
      "CREATE TABLE soundrecording (id INTEGER, sr_id TEXT UNIQUE, title TEXT, artists TEXT, isrcs TEXT, contributors TEXT)",
    );
    db.exec(
      "INSERT INTO soundrecording VALUES (1, 'a', 'First Love', '宇多田ヒカル', '', ''), (2, 'b', 'Yesterday', 'The Beatles', '', '')",
    );
    expect(await romaniseCatalog(db, await createRomaniser())).toBe(1);
    const catalog = await Catalog.open(db.export());
    expect(catalog.get("a")?.raw).toMatchObject({ title_latin: null, artists_latin: "utada hikaru" });
    expect(catalog.get("a")?.artists.key).toBe("hikaru utada");
    expect(catalog.get("b")?.raw.artists_latin).toBeNull();
    catalog.close();
    db.close();
  }, 60_000);
});
