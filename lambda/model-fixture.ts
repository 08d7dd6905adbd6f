import { FEATURE_NAMES, FEATURE_VERSION } from "./features.ts";
import { type Metrics, MODEL_FORMAT_VERSION, MODEL_NAME, type Model } from "./model.ts";

const metrics: Metrics = {
  accuracy: 1,
  precision: 1,
  recall: 1,
  f1: 1,
  rocAuc: 1,
  confusion: { tp: 1, fp: 0, fn: 0, tn: 1 },
  n: 2,
};

/**
 * A valid model for tests with hand-set weights: artists and ISRC agreement push towards "valid",
 * an ISRC conflict against. Not a trained model.
 */
export function modelFixture(overrides: Partial<Model> = {}): Model {
  const width = FEATURE_NAMES.length;
  const weights = FEATURE_NAMES.map((name) =>
    name === "artists_sim" ? 3 : name === "isrc_match" ? 2 : name === "isrc_conflict" ? -3 : 0,
  );
  return {
    name: MODEL_NAME,
    formatVersion: MODEL_FORMAT_VERSION,
    featureVersion: FEATURE_VERSION,
    featureNames: [...FEATURE_NAMES],
    scaling: { mean: Array(width).fill(0), std: Array(width).fill(1) },
    weights,
    intercept: -2,
    threshold: 0.5,
    trainedAt: "2026-01-01T00:00:00.000Z",
    training: {
      fingerprint: "fixture",
      pairs: { train: 1, validation: 1, test: 1 },
      iterations: 1,
      learningRate: 1,
    },
    metrics: { validation: metrics, test: metrics },
    ...overrides,
  };
}
