import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parseModel } from "../../lambda/model.ts";
import { readPairs } from "../csv.ts";
import { writeSmallSample } from "../sample-fixture.ts";
import { ReviewStore } from "./review-store.ts";

const run = promisify(execFile);
let dir: string;
let first: string;
const train = async (...extra: string[]) =>
  (
    await run(process.execPath, [
      "--import",
      "tsx",
      "training/train.ts",
      ...["--db", join(dir, "db.db"), "--groundtruth", join(dir, "groundtruth.csv")],
      ...["--out", join(dir, "model.json"), ...extra],
    ])
  ).stdout;

beforeAll(async () => {
  dir = await writeSmallSample(1500, 13);
  first = await train("--split-dir", join(dir, "split"));
});

describe("npm run train with reviews, champion against challenger", () => {
  it("ships the first model, with a review band chosen on validation", () => {
    expect(first).toMatch(/shipped: wrote/);
    expect(first).toMatch(
      /review band \[0\.\d+, [01]\.\d+\) chosen on validation; test pairs: [\d.]+ % below/,
    );
    const model = parseModel(readFileSync(join(dir, "model.json"), "utf8"));
    expect(model.reviewBand?.lower).toBeLessThanOrEqual(model.reviewBand?.upper ?? 0);
  });

  it("merges reviews, and keeps the champion when reviews make the new model worse, unless --force", async () => {
    // A careless reviewer flips every training label: the challenger learns the opposite.
    const reviews = join(dir, "reviews.db");
    const store = new ReviewStore(reviews);
    const trainPairs = readPairs(join(dir, "split", "train.csv"));
    for (const pair of trainPairs) {
      const flipped = pair.tag === "valid" ? "invalid" : "valid";
      store.record({
        q: pair.m,
        m: pair.q,
        label: flipped,
        reviewer: "x",
        modelVersion: "v",
        probability: 0.5,
        reason: "",
      });
    }
    store.record({
      q: "no_such_a",
      m: "no_such_b",
      label: "valid",
      reviewer: "x",
      modelVersion: "v",
      probability: 0.5,
      reason: "",
    });
    store.close();
    const champion = readFileSync(join(dir, "model.json"), "utf8");

    const kept = await train("--reviews", reviews);
    expect(kept).toMatch(
      new RegExp(`${trainPairs.length} groundtruth pairs reviewed \\(${trainPairs.length} labels changed\\)`),
    );
    expect(kept).toMatch(/1 naming unknown ids skipped/);
    expect(kept).toMatch(/champion\s.*\n[\s\S]*challenger\s/);
    expect(kept).toMatch(
      /F1 difference \(challenger - champion\) -0\.\d+, 95 % bootstrap interval \[-[\d.]+, -[\d.]+\]/,
    );
    expect(kept).toMatch(/not shipped/);
    expect(readFileSync(join(dir, "model.json"), "utf8")).toBe(champion);
    expect(existsSync(join(dir, "model.challenger.json"))).toBe(true);

    const forced = await train("--reviews", reviews, "--force");
    expect(forced).toMatch(/shipped: wrote .* \(--force/);
    expect(readFileSync(join(dir, "model.json"), "utf8")).not.toBe(champion);
  });
});
