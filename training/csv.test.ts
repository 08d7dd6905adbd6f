import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPairs } from "./csv.ts";

const dir = mkdtempSync(join(tmpdir(), "sr-match-csv-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe("readPairs", () => {
  it("reads pairs and their tags, extra columns ignored, a BOM and CRLF allowed", () => {
    const path = file(
      "ok.csv",
      "\uFEFFq_source_id,m_source_id,tag,note\r\n123,456,valid,x\r\n123,789,invalid,y\r\n",
    );
    expect(readPairs(path)).toEqual([
      { q: "123", m: "456", tag: "valid" },
      { q: "123", m: "789", tag: "invalid" },
    ]);
  });

  it("refuses a wrong header even without a data row, naming the file", () => {
    const path = file("header-only.csv", "a,b\n");
    expect(() => readPairs(path)).toThrow(
      `${path}: the header must name q_source_id and m_source_id (found a,b)`,
    );
  });

  it("names the file in the parser's errors", () => {
    const path = file("ragged.csv", "q_source_id,m_source_id\n1,2,3\n");
    expect(() => readPairs(path)).toThrow(new RegExp(`^${path}: Invalid Record Length: .* on line 2$`));
  });
});
