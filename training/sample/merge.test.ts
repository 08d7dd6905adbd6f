import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CatalogFile } from "../catalog-file.ts";
import { readPairs } from "../csv.ts";
import { generateSample } from "./catalog.ts";
import { mergeSamples } from "./merge.ts";
import { NOISE_FILE, readNoise } from "./noise-file.ts";
import { writeSample } from "./write.ts";

const dir = mkdtempSync(join(tmpdir(), "sample-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const records = (db: string) => {
  const file = CatalogFile.open(db);
  try {
    return [...file.records()];
  } finally {
    file.close();
  }
};

describe("mergeSamples", () => {
  it("puts two samples' records, labels and flipped labels in one catalog, the second's ids suffixed", async () => {
    const parts = [join(dir, "a"), join(dir, "b")];
    await writeSample(parts[0] as string, generateSample({ pairs: 400, seed: 1 }));
    await writeSample(parts[1] as string, generateSample({ pairs: 400, seed: 2 }));
    const out = join(dir, "merged");
    const count = mergeSamples(out, parts);

    const [a, b] = parts.map((p) => records(join(p, "db.db")));
    const merged = records(join(out, "db.db"));
    expect(count).toBe(merged.length);
    expect(merged).toEqual([...(a ?? []), ...(b ?? []).map((r) => ({ ...r, sr_id: `${r.sr_id}-s1` }))]);
    expect(new Set(merged.map((r) => r.sr_id)).size).toBe(merged.length);

    const labels = parts.map((p) => readPairs(join(p, "groundtruth.csv")));
    expect(readPairs(join(out, "groundtruth.csv"))).toEqual([
      ...(labels[0] ?? []),
      ...(labels[1] ?? []).map((p) => ({ ...p, q: `${p.q}-s1`, m: `${p.m}-s1` })),
    ]);
    const flipped = parts.map((p) => [...(readNoise(join(p, NOISE_FILE))?.values() ?? [])]);
    expect((flipped[1] ?? []).length).toBeGreaterThan(0);
    expect([...(readNoise(join(out, NOISE_FILE))?.values() ?? [])]).toEqual([
      ...(flipped[0] ?? []),
      ...(flipped[1] ?? []).map((r) => ({ ...r, q: `${r.q}-s1`, m: `${r.m}-s1` })),
    ]);
    expect(readFileSync(join(out, "groundtruth.csv"), "utf8").split("\n")[0]).toBe(
      "q_source_id,m_source_id,tag",
    );
  });

  it("leaves an earlier merge and every sample as they were when a sample is missing or --out is one", async () => {
    const parts = [join(dir, "c"), join(dir, "d")];
    await writeSample(parts[0] as string, generateSample({ pairs: 200, seed: 3 }));
    await writeSample(parts[1] as string, generateSample({ pairs: 200, seed: 4 }));
    const out = join(dir, "earlier");
    mergeSamples(out, parts);
    const files = (d: string) =>
      ["db.db", "groundtruth.csv", NOISE_FILE].map((f) => readFileSync(join(d, f)));
    const before = [out, ...parts].map(files);
    expect(() => mergeSamples(out, [parts[0] as string, join(dir, "nowhere")])).toThrow(/has no db.db/);
    expect(() => mergeSamples(parts[1] as string, parts)).toThrow(/is also a sample/);
    expect([out, ...parts].map(files)).toEqual(before);
    expect(readdirSync(out).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });
});
