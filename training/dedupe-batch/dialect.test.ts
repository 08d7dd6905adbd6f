import { createHash } from "node:crypto";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { SHIMS, toDuckDb } from "./dialect.ts";

/** Runs one Trino-dialect expression on DuckDB through the shims; returns its value. */
async function onDuckDb(expression: string): Promise<unknown> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const sql = expression.startsWith("SELECT") ? expression : `SELECT ${expression}`;
    const reader = await connection.runAndReadAll(toDuckDb(sql));
    const value = reader.getRows()[0]?.[0];
    return typeof value === "bigint" ? Number(value) : value;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

// Each case: a Trino expression and the value Trino's documentation gives for it.
const CASES: Record<string, [expression: string, trino: unknown]> = {
  "regexp_replace replaces every match": ["regexp_replace('abab', 'a', 'x')", "xbxb"],
  "regexp_replace back-references": ["regexp_replace('1a 2b', '(\\d)([a-z])', '$2$1')", "a1 b2"],
  levenshtein_distance: ["levenshtein_distance('kitten', 'sitting')", 3],
  cardinality: ["cardinality(ARRAY['a', 'b', 'c'])", 3],
  array_join: ["array_join(ARRAY['a', 'b'], '|')", "a|b"],
  approx_distinct: ["SELECT approx_distinct(x) FROM (VALUES (1), (2), (2)) t(x)", 2],
  // As text, so that no digit is lost to a JS number; the value is the MD5's first 8 bytes read by Node.
  "from_big_endian_64 of an MD5": [
    "CAST(from_big_endian_64(substr(md5(to_utf8('abc')), 1, 8)) AS varchar)",
    createHash("md5").update("abc").digest().readBigInt64BE(0).toString(),
  ],
};

describe("Trino → DuckDB shims", () => {
  it("has a case for every shim", () => {
    expect(Object.keys(CASES).sort()).toEqual(SHIMS.map((s) => s.name).sort());
  });

  for (const [name, [expression, trino]] of Object.entries(CASES)) {
    it(`${name}: DuckDB gives Trino's answer for ${expression}`, async () => {
      expect(await onDuckDb(expression)).toEqual(trino);
    });
  }

  it("without the shims DuckDB answers differently (each shim is needed)", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const raw = await connection.runAndReadAll("SELECT regexp_replace('abab', 'a', 'x') AS x");
    expect(raw.getRowObjects()[0]?.x).toBe("xbab");
    await expect(connection.run("SELECT levenshtein_distance('a', 'b')")).rejects.toThrow(
      /levenshtein_distance/,
    );
    connection.closeSync();
    instance.closeSync();
  });

  it("hashes every key as Node reads the MD5's first 8 bytes, the top bit's sign included", async () => {
    const keys = ["t:yesterday|beatles", "i:GBAYE6500521", "風に永遠", "Мой сон", ""];
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const values = keys.map((k) => `('${k}')`).join(", ");
    const reader = await connection.runAndReadAll(
      toDuckDb(`SELECT from_big_endian_64(substr(md5(to_utf8(k)), 1, 8)) AS h FROM (VALUES ${values}) t(k)`),
    );
    const node = keys.map((k) => createHash("md5").update(k, "utf8").digest().readBigInt64BE(0));
    expect(reader.getRowObjectsJS().map((row) => row.h)).toEqual(node);
    expect(node.some((h) => h < 0n) && node.some((h) => h > 0n)).toBe(true);
    connection.closeSync();
    instance.closeSync();
  });

  it("refuses a from_big_endian_64 it has no DuckDB form for", () => {
    expect(() => toDuckDb("SELECT from_big_endian_64(x) FROM t")).toThrow(/no DuckDB form/);
  });

  it("rewrites nested calls and leaves quoted commas alone", () => {
    expect(toDuckDb("SELECT regexp_replace(regexp_replace(t, ',', ';'), 'a', 'b') FROM x")).toBe(
      "SELECT regexp_replace(regexp_replace(t, ',', ';', 'g'), 'a', 'b', 'g') FROM x",
    );
  });
});
