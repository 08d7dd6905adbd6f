import type { Column } from "./sql.ts";

/**
 * Where Trino (Athena engine v3) and DuckDB differ on SQL we might write, and how a Trino statement
 * is rewritten to mean the same on DuckDB. The stages are written in Trino's dialect; each shim is
 * a small textual rewrite with a test (dialect.test.ts) showing DuckDB then gives Trino's answer.
 */
export interface Shim {
  name: string;
  /** What differs, with Trino's documented behaviour. */
  difference: string;
  rewrite(sql: string): string;
}

/** Replaces each call `fn(args)` (balanced parentheses, quotes respected) by `make(args)`. */
function rewriteCalls(sql: string, fn: string, make: (args: string[]) => string): string {
  const pattern = new RegExp(`\\b${fn}\\s*\\(`, "gi");
  let out = "";
  let from = 0;
  for (let m = pattern.exec(sql); m; m = pattern.exec(sql)) {
    if (m.index < from) continue;
    const args: string[] = [];
    let depth = 0;
    let quote = false;
    let start = m.index + m[0].length;
    let i = start;
    for (; i < sql.length; i++) {
      const ch = sql[i];
      if (ch === "'") quote = !quote;
      if (quote) continue;
      if (ch === "(") depth++;
      else if (ch === ")") {
        if (depth === 0) break;
        depth--;
      } else if (ch === "," && depth === 0) {
        args.push(sql.slice(start, i).trim());
        start = i + 1;
      }
    }
    args.push(sql.slice(start, i).trim());
    out += sql.slice(from, m.index) + make(args.map((a) => rewriteCalls(a, fn, make)));
    from = i + 1;
    pattern.lastIndex = from;
  }
  return out + sql.slice(from);
}

export const SHIMS: readonly Shim[] = [
  {
    name: "regexp_replace replaces every match",
    difference:
      "Trino's regexp_replace(s, p, r) replaces every match; DuckDB's replaces the first unless given the 'g' option.",
    rewrite: (sql) =>
      rewriteCalls(sql, "regexp_replace", (a) =>
        a.length === 3 ? `regexp_replace(${a.join(", ")}, 'g')` : `regexp_replace(${a.join(", ")})`,
      ),
  },
  {
    name: "regexp_replace back-references",
    difference: "Trino's replacement refers to groups as $1; DuckDB's (RE2) as \\1.",
    rewrite: (sql) =>
      rewriteCalls(sql, "regexp_replace", (a) => {
        const [s, p, r, ...rest] = a;
        const replaced = r?.startsWith("'") ? r.replace(/\$(\d)/g, "\\$1") : r;
        return `regexp_replace(${[s, p, replaced, ...rest].join(", ")})`;
      }),
  },
  {
    name: "levenshtein_distance",
    difference: "Trino names the edit distance levenshtein_distance(a, b); DuckDB levenshtein(a, b).",
    rewrite: (sql) => rewriteCalls(sql, "levenshtein_distance", (a) => `levenshtein(${a.join(", ")})`),
  },
  {
    name: "cardinality",
    difference: "Trino's array length is cardinality(x); DuckDB's len(x).",
    rewrite: (sql) => rewriteCalls(sql, "cardinality", (a) => `len(${a.join(", ")})`),
  },
  {
    name: "array_join",
    difference:
      "Trino joins an array's strings with array_join(x, sep); DuckDB with array_to_string(x, sep).",
    rewrite: (sql) => rewriteCalls(sql, "array_join", (a) => `array_to_string(${a.join(", ")})`),
  },
  {
    name: "from_big_endian_64 of an MD5",
    difference:
      "Trino hashes a string to a BIGINT as from_big_endian_64(substr(md5(to_utf8(s)), 1, 8)); DuckDB has no VARBINARY functions of these names, and its md5(s) is hex text: the same 64 bits are read from its first 16 hex digits as a UBIGINT, then wrapped to a signed BIGINT. Only that form is rewritten; any other from_big_endian_64 is an error.",
    rewrite: (sql) =>
      rewriteCalls(sql, "from_big_endian_64", ([arg = ""]) => {
        const md5 = /^substr\(md5\(to_utf8\((.*)\)\),\s*1,\s*8\)$/s.exec(arg);
        if (!md5) throw new Error(`no DuckDB form for from_big_endian_64(${arg})`);
        const unsigned = `CAST(CAST(('0x' || substr(md5(${md5[1]}), 1, 16)) AS UBIGINT) AS HUGEINT)`;
        return `CAST((${unsigned} + 9223372036854775808) % 18446744073709551616 - 9223372036854775808 AS BIGINT)`;
      }),
  },
  {
    name: "approx_distinct",
    difference: "Trino's HyperLogLog count is approx_distinct(x); DuckDB's approx_count_distinct(x).",
    rewrite: (sql) => rewriteCalls(sql, "approx_distinct", (a) => `approx_count_distinct(${a.join(", ")})`),
  },
];

/**
 * Differences no textual shim covers; the stages avoid them instead.
 * - `/` on two integers truncates in Trino and gives a double in DuckDB: the stages use `%` only.
 * - CTAS: Athena's `CREATE TABLE .. WITH (external_location, format)` vs DuckDB's `COPY .. TO`: every
 *   stage is an `INSERT INTO` a table that exists (Glue in AWS, ./duckdb-tables.ts locally).
 * - `rule` is reserved in DuckDB, not in Trino: no column is named so.
 */
export const AVOIDED = ["integer division", "CTAS", "reserved words"] as const;

/** A Trino statement rewritten for DuckDB by every shim in order. */
export function toDuckDb(sql: string): string {
  return SHIMS.reduce((s, shim) => shim.rewrite(s), sql);
}

/** DuckDB's type for a Glue/Trino column type. */
export function duckDbType(type: Column[1]): string {
  switch (type) {
    case "bigint":
      return "BIGINT";
    case "int":
      return "INTEGER";
    case "double":
      return "DOUBLE";
    case "string":
      return "VARCHAR";
    case "boolean":
      return "BOOLEAN";
    case "array<string>":
      return "VARCHAR[]";
    case "array<bigint>":
      return "BIGINT[]";
    case "array<int>":
      return "INTEGER[]";
  }
}
