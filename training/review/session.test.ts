import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { modelFixture } from "../../lambda/model-fixture.ts";
import { writeReviewFixture } from "./review-fixture.ts";
import { loadReviewSession } from "./session.ts";

describe("loadReviewSession", () => {
  it("uses the model's own review band and names the model version", async () => {
    const files = await writeReviewFixture();
    const session = await loadReviewSession(files);
    expect(session.band).toEqual({ lower: 0.001, upper: 0.999 });
    expect(session.items).toHaveLength(5);
    expect(session.modelVersion).toMatch(/^[0-9a-f]{12}$/);
  });

  it("chooses a band on validation for a model file from before the band, and says so", async () => {
    const files = await writeReviewFixture();
    writeFileSync(files.model, JSON.stringify(modelFixture()));
    const session = await loadReviewSession(files);
    expect(session.notes.join("\n")).toMatch(/no review band: chosen now on the validation part/);
    expect(session.band.lower).toBeLessThanOrEqual(session.band.upper);
  });
});
