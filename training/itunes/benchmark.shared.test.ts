import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPriorModel, SAMPLE_MODEL } from "../prior.ts";
import { itunesSplit, runBenchmark } from "./benchmark.ts";
import { PUBLISHED_F1 } from "./published.ts";

/** The shared datasets folder beside the repository (CI checks out shared/ there too). */
const SHARED = join(process.cwd(), "..", "shared", "datasets", "itunes-amazon");
const DIR = join(SHARED, "Structured");

describe("iTunes-Amazon benchmark", () => {
  it("reports a missing folder and exits non-zero", () => {
    const missing = join(mkdtempSync(join(tmpdir(), "itunes-")), "nowhere");
    const run = spawnSync("npx", ["tsx", "training/itunes/main.ts", "--dir", missing], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("iTunes-Amazon data not found");
    expect(run.stderr).toContain("train.txt");
  });

  it("trains on the shared data and scores the 109 test pairs", () => {
    const result = runBenchmark(DIR);
    expect(result.pairs).toMatchObject({ train: 321, valid: 109, test: 109 });
    for (const row of result.rows) {
      expect(row.test.n).toBe(109);
      expect(row.test.f1).toBeGreaterThan(0.8);
    }
  });

  it("gives the same split to the ablation bench, with the optional columns only when asked", () => {
    const [plain, rich] = [itunesSplit(DIR, false), itunesSplit(DIR, true)];
    expect([rich.train.length, rich.validation.length, rich.test.length]).toEqual([321, 109, 109]);
    expect(rich.test.map((e) => e.label)).toEqual(runBenchmark(DIR).rows[0]?.labels);
    expect(plain.test.map((e) => e.pair)).toEqual(rich.test.map((e) => e.pair));
    expect(plain.test.some((e, i) => e.features.join() !== rich.test[i]?.features.join())).toBe(true);
  });

  it("writes the figures as JSON with --json", () => {
    const out = join(mkdtempSync(join(tmpdir(), "itunes-")), "itunes.json");
    execFileSync("npx", ["tsx", "training/itunes/main.ts", "--dir", DIR, "--json", out], { stdio: "pipe" });
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(written.rows).toHaveLength(5);
    expect(written.rows.slice(3).map((r: { name: string }) => r.name)).toEqual([
      expect.stringMatching(/^sr-match, .*title \+ artist only, prior: data\/musicbrainz-model\.json$/),
      expect.stringMatching(/^sr-match, .*columns, prior: data\/musicbrainz-model\.json$/),
    ]);
    expect(written.published).toEqual(PUBLISHED_F1.Structured);
  });

  it("fits the prior-model rows towards the sample model: other weights than without it", () => {
    const source = loadPriorModel(SAMPLE_MODEL);
    const [, plain, , centred] = runBenchmark(DIR, source).rows;
    expect(centred?.scores).toHaveLength(109);
    expect(centred?.scores).not.toEqual(plain?.scores);
    expect(runBenchmark(DIR).rows).toHaveLength(3);
  });

  it("prints the published figures of the variant it was given", () => {
    const run = spawnSync("npx", ["tsx", "training/itunes/main.ts", "--dir", join(SHARED, "Dirty")], {
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("iTunes-Amazon Dirty");
    expect(run.stdout).toContain("95.65");
    expect(run.stdout).not.toContain("98.11");
  });

  it("quotes the published F1 figures of the dataset's README", () => {
    const readme = readFileSync(join(SHARED, "README.md"), "utf8");
    for (const { f1 } of Object.values(PUBLISHED_F1).flat())
      expect(readme).toContain(String(f1 % 1 === 0 ? f1.toFixed(1) : f1));
  });
});
