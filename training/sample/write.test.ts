import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import initSqlJs from "sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairsCsv } from "../csv.ts";
import { generateSample } from "./catalog.ts";
import { readSample } from "./read.ts";
import type { Sample } from "./types.ts";
import { writeSample } from "./write.ts";

describe("pairsCsv", () => {
  it.each([
    ["spotify__abc", "spotify__abc"],
    ["crawler_ritmonet__US CA2 1001256", "crawler_ritmonet__US CA2 1001256"],
    ["odd,id", '"odd,id"'],
    ['say "hi"', '"say ""hi"""'],
  ])("writes the id %j as %j", (input, output) => {
    expect(pairsCsv([{ q: input, m: "x", tag: "valid" }])).toBe(
      `q_source_id,m_source_id,tag\n${output},x,valid\n`,
    );
  });
});

describe("writeSample", () => {
  let dir: string;
  let sample: Sample;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sample-"));
    sample = generateSample({ pairs: 2000, seed: 3 });
    await writeSample(dir, sample);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes one soundrecording table with the real column names and types", async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database(await readFile(join(dir, "db.db")));
    const tables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values.flat();
    const cols = db.exec("PRAGMA table_info(soundrecording)")[0]?.values.map((c) => [c[1], c[2]]);
    const n = db.exec("SELECT count(*) FROM soundrecording")[0]?.values[0]?.[0];
    db.close();
    expect(tables).toEqual(["soundrecording"]);
    expect(cols).toEqual([
      ["id", "INTEGER"],
      ["sr_id", "TEXT"],
      ["title", "TEXT"],
      ["artists", "TEXT"],
      ["isrcs", "TEXT"],
      ["contributors", "TEXT"],
    ]);
    expect(n).toBe(sample.records.length);
  });

  it("writes groundtruth.csv with the real header and reads back to the same sample", async () => {
    const text = await readFile(join(dir, "groundtruth.csv"), "utf8");
    expect(text.split("\n")[0]).toBe("q_source_id,m_source_id,tag");
    expect(text).toBe(pairsCsv(sample.pairs));
    const back = await readSample(dir);
    expect(back.pairs).toEqual(sample.pairs);
    expect(back.records).toEqual(sample.records);
  });

  it("writes byte-identical files for the same seed", async () => {
    const again = await mkdtemp(join(tmpdir(), "sample-"));
    try {
      await writeSample(again, generateSample({ pairs: 2000, seed: 3 }));
      for (const f of ["db.db", "groundtruth.csv", "sample-noise.csv"]) {
        expect(Buffer.compare(await readFile(join(dir, f)), await readFile(join(again, f)))).toBe(0);
      }
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });
});
