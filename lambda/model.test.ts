import { describe, expect, it } from "vitest";
import { FEATURE_NAMES } from "./features.ts";
import { contributions, InvalidModelError, parseModel, probability } from "./model.ts";
import { modelFixture } from "./model-fixture.ts";

describe("parseModel", () => {
  it("round-trips a valid model through JSON", () => {
    const model = modelFixture();
    expect(parseModel(JSON.stringify(model))).toEqual(model);
  });

  it.each([
    ["invalid JSON", "{not json", /invalid JSON/],
    ["another model's name", JSON.stringify(modelFixture({ name: "LogisticRegression" as never })), /name/],
    ["a newer format", JSON.stringify(modelFixture({ formatVersion: 2 as never })), /formatVersion/],
    ["a threshold outside (0, 1)", JSON.stringify(modelFixture({ threshold: 1.5 })), /threshold/],
    ["a zero standard deviation", JSON.stringify(modelFixture({ scaling: { mean: [0], std: [0] } })), /std/],
    [
      "features in another order",
      JSON.stringify(modelFixture({ featureNames: [...FEATURE_NAMES].reverse() })),
      /differ/,
    ],
    ["an older feature version", JSON.stringify(modelFixture({ featureVersion: 0 })), /differ/],
    ["too few weights", JSON.stringify(modelFixture({ weights: [1, 2] })), /entries/],
    [
      "a string weight",
      JSON.stringify({ ...modelFixture(), weights: FEATURE_NAMES.map(() => "1") }),
      /weights/,
    ],
    ["null", "null", /not a/],
  ])("refuses %s", (_case, json, message) => {
    expect(() => parseModel(json)).toThrow(InvalidModelError);
    expect(() => parseModel(json)).toThrow(message);
  });
});

describe("probability", () => {
  it("is the logistic of intercept plus the contributions", () => {
    const model = modelFixture({ intercept: 0.3 });
    const features = FEATURE_NAMES.map((_, i) => (i % 3) / 2);
    const logit = 0.3 + contributions(model, features).reduce((a, b) => a + b, 0);
    expect(probability(model, features)).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12);
  });

  it("rises with a positive weight's feature", () => {
    const model = modelFixture();
    const low = FEATURE_NAMES.map(() => 0);
    const high = FEATURE_NAMES.map((name) => (name === "artists_sim" ? 1 : 0));
    expect(probability(model, high)).toBeGreaterThan(probability(model, low));
  });
});
