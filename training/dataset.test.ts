import { describe, expect, it } from "vitest";
import { Catalog, loadSqlJs } from "../lambda/catalog.ts";
import { catalogBytes, EXAMPLE_RECORDS } from "../lambda/catalog-fixture.ts";
import { RETRIEVAL_TABLE } from "../lambda/retrieval.ts";
import { dataFingerprint } from "./dataset.ts";

const groundtruth = new TextEncoder().encode("q_source_id,m_source_id,tag\n123,456,valid\n");

/** The fingerprint of a catalog file's bytes with the example groundtruth. */
async function fingerprintOf(bytes: Uint8Array, labels = groundtruth): Promise<string> {
  const catalog = await Catalog.open(bytes);
  try {
    return dataFingerprint(catalog, labels);
  } finally {
    catalog.close();
  }
}

describe("dataFingerprint", () => {
  it("reads the records, not the file: a /matches index written into the catalog changes nothing", async () => {
    const plain = await catalogBytes(EXAMPLE_RECORDS);
    const SQL = await loadSqlJs();
    const db = new SQL.Database(plain);
    db.run(`CREATE TABLE ${RETRIEVAL_TABLE} (id INTEGER PRIMARY KEY, neighbour_ids TEXT NOT NULL)`);
    db.run(`INSERT INTO ${RETRIEVAL_TABLE} VALUES (1, '2')`);
    const indexed = db.export();
    db.close();
    expect(Buffer.from(indexed).equals(Buffer.from(plain))).toBe(false);
    expect(await fingerprintOf(indexed)).toBe(await fingerprintOf(plain));
  });

  it("changes with a record's field and with the labels", async () => {
    const plain = await fingerprintOf(await catalogBytes(EXAMPLE_RECORDS));
    const edited = EXAMPLE_RECORDS.map((r, i) => (i === 0 ? { ...r, title: `${r.title} (Live)` } : r));
    expect(await fingerprintOf(await catalogBytes(edited))).not.toBe(plain);
    const relabelled = new TextEncoder().encode("q_source_id,m_source_id,tag\n123,456,invalid\n");
    expect(await fingerprintOf(await catalogBytes(EXAMPLE_RECORDS), relabelled)).not.toBe(plain);
  });
});
