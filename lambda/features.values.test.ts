import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Catalog } from "./catalog.ts";
import { extractFeatures } from "./features.ts";

// Performance work must not move a feature value: the shipped model depends on them. The fixture
// holds the exact vectors of every 14th pair of data/groundtruth.csv (2,027 pairs: every tag family,
// scripts, long credits, missing fields), computed by the code before the speed work. A deliberate
// change of a feature's definition rewrites it:
//   npx tsx bench/features-dump.ts --every 14 --out lambda/features-fixture.csv.gz
const FIXTURE = new URL("./features-fixture.csv.gz", import.meta.url);
const CATALOG = new URL("../data/db.db", import.meta.url);

describe("extractFeatures on the sample catalog", () => {
  it("gives exactly the fixture's values for 2,027 labelled pairs", async () => {
    const catalog = await Catalog.open(readFileSync(CATALOG));
    const lines = gunzipSync(readFileSync(FIXTURE)).toString("utf8").trim().split("\n");
    expect(lines.length).toBe(2027);
    const differing: string[] = [];
    for (const line of lines) {
      const [q = "", m = "", ...expected] = line.split(",");
      const a = catalog.get(q);
      const b = catalog.get(m);
      const actual = a && b ? extractFeatures(a, b).map(String) : ["unknown"];
      if (actual.join(",") !== expected.join(",")) differing.push(`${q},${m}: ${actual.join(",")}`);
    }
    catalog.close();
    expect(differing).toEqual([]);
  });
});
