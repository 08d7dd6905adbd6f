import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** The shared datasets folder beside the repository (CI checks out shared/ there too). */
const DIR = join(process.cwd(), "..", "shared", "datasets", "itunes-amazon", "Structured");
const run = (...args: string[]) =>
  spawnSync("npx", ["tsx", "training/itunes/cross-validate-main.ts", ...args], { encoding: "utf8" });

describe("npm run bench:itunes-cv", () => {
  it("cross-validates train + valid and writes every row with its baseline as JSON", () => {
    const out = join(mkdtempSync(join(tmpdir(), "itunes-cv-")), "cv.json");
    const result = run("--dir", DIR, "--folds", "2", "--repeats", "1", "--json", out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("430 train+valid pairs");
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(written).toMatchObject({ folds: 2, repeats: 1 });
    const [headline, , baseline] = written.results[0].rows;
    expect(baseline.name).toContain("4 suggested features");
    expect(headline.f1).toBeGreaterThan(0.85);
    expect(headline.repeatF1).toHaveLength(1);
  });

  it("refuses a fold count that is not a whole number and a folder without the data", () => {
    expect(run("--dir", DIR, "--folds", "0").stderr).toContain("not a positive integer: 0");
    const missing = run("--dir", join(tmpdir(), "no-such-itunes"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("iTunes-Amazon data not found");
  });
});
