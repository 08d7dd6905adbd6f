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

  it("rewrites nested calls and leaves quoted commas alone", () => {
    expect(toDuckDb("SELECT regexp_replace(regexp_replace(t, ',', ';'), 'a', 'b') FROM x")).toBe(
      "SELECT regexp_replace(regexp_replace(t, ',', ';', 'g'), 'a', 'b', 'g') FROM x",
    );
  });
});
