import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { itunesRows } from "./itunes.ts";

/** The shared datasets folder beside the repository, read in place. */
const ROOT = join(process.cwd(), "..", "shared", "datasets", "itunes-amazon");

describe("quality rows of iTunes-Amazon", () => {
  it("scores our rows once on the 109 test pairs, each with an F1 interval around it, beside the published ones", () => {
    const rows = itunesRows(ROOT, "Dirty");
    const ours = rows.filter((r) => r.system.startsWith("sr-match"));
    expect(ours).toHaveLength(3);
    for (const row of ours) {
      expect(row.n).toBe(109);
      expect(row.f1Interval?.low).toBeLessThanOrEqual(row.f1);
      expect(row.f1Interval?.high).toBeGreaterThanOrEqual(row.f1);
    }
    expect(rows.find((r) => r.system.includes("Ditto"))?.f1).toBeCloseTo(0.9565);
  });
});
