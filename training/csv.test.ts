import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPairs, writePairs } from "./csv.ts";
import { partialPath } from "./output-file.ts";

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

describe("writePairs", () => {
  it("writes the groundtruth format and leaves no partial file", () => {
    const path = join(dir, "written.csv");
    writePairs(path, [{ q: "1", m: "a,b", tag: "valid" }]);
    expect(readFileSync(path, "utf8")).toBe('q_source_id,m_source_id,tag\n1,"a,b",valid\n');
    expect(existsSync(partialPath(path))).toBe(false);
  });

  it("leaves the file as it was when the new one cannot be written", () => {
    const path = file("kept.csv", "q_source_id,m_source_id,tag\n1,2,valid\n");
    mkdirSync(partialPath(path));
    expect(() => writePairs(path, [])).toThrow(/EISDIR/);
    expect(readPairs(path)).toEqual([{ q: "1", m: "2", tag: "valid" }]);
  });
});
