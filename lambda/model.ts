// zod's tree-shakable API: the full one costs ~20 ms of Lambda cold start to load.
import * as z from "zod/mini";
import { FEATURE_NAMES, FEATURE_VERSION } from "./features.ts";

/** The name every model file carries; anything else is not one of ours. */
export const MODEL_NAME = "sr-match-logistic-regression";
export const MODEL_FORMAT_VERSION = 1;

const finite = z.number().check(z.refine(Number.isFinite, "must be a finite number"));
const count = z.int();

const metricsSchema = z.object({
  accuracy: finite,
  precision: finite,
  recall: finite,
  f1: finite,
  rocAuc: finite,
  confusion: z.object({ tp: count, fp: count, fn: count, tn: count }),
  n: count,
});

const modelSchema = z.object({
  name: z.literal(MODEL_NAME),
  formatVersion: z.literal(MODEL_FORMAT_VERSION),
  featureVersion: count,
  featureNames: z.array(z.string()),
  scaling: z.object({
    mean: z.array(finite),
    std: z.array(finite.check(z.refine((s: number) => s > 0, "must be > 0"))),
  }),
  weights: z.array(finite),
  intercept: finite,
  threshold: finite.check(z.refine((t: number) => t > 0 && t < 1, "must be in (0, 1)")),
  trainedAt: z.string(),
  training: z.object({
    fingerprint: z.string(),
    pairs: z.object({ train: count, validation: count, test: count }),
    iterations: count,
    learningRate: finite,
    /** Scale of the prior's pseudo-rows the fit used (training/fit.ts); older files lack it. */
    priorScale: z.optional(finite),
    /** The model the prior was centred on (train --prior-model), when there was one. */
    priorModel: z.optional(z.object({ trainedAt: z.string(), fingerprint: z.string() })),
  }),
  metrics: z.catchall(z.object({ validation: metricsSchema, test: metricsSchema }), z.unknown()),
  estimator: z.optional(z.unknown()),
  /** Probabilities between these two go to a person (chosen on validation; older files lack it). */
  reviewBand: z.optional(z.object({ lower: finite, upper: finite })),
});

/** A trained pair classifier as stored in model.json. */
export type Model = z.infer<typeof modelSchema>;
export type Metrics = z.infer<typeof metricsSchema>;

/** Raised when a model file is not a valid model for this code's features. */
export class InvalidModelError extends TypeError {
  override name = "InvalidModelError";
}

/**
 * Parses and validates model JSON: shape, finite numbers, and feature names and version equal to the
 * code's. Throws InvalidModelError with the reason otherwise.
 */
export function parseModel(json: string): Model {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new InvalidModelError(`not a model: invalid JSON (${(error as Error).message})`);
  }
  const result = modelSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidModelError(`not a ${MODEL_NAME} model: ${issue?.path.join(".")} ${issue?.message}`);
  }
  const model = result.data;
  if (model.featureVersion !== FEATURE_VERSION || model.featureNames.join() !== FEATURE_NAMES.join()) {
    throw new InvalidModelError(
      `model features (${model.featureNames.join(",")} v${model.featureVersion}) differ from the code's ` +
        `(${FEATURE_NAMES.join(",")} v${FEATURE_VERSION}); retrain the model`,
    );
  }
  const width = FEATURE_NAMES.length;
  if (
    model.weights.length !== width ||
    model.scaling.mean.length !== width ||
    model.scaling.std.length !== width
  ) {
    throw new InvalidModelError(`not a ${MODEL_NAME} model: weights and scaling must have ${width} entries`);
  }
  return model;
}

/** The part of a model that scores: standardisation, weights and intercept. */
export type LinearScorer = Pick<Model, "scaling" | "weights" | "intercept">;

/** Each feature's contribution to the log-odds of "valid": weight × standardised value. */
export function contributions(model: LinearScorer, features: readonly number[]): number[] {
  return model.weights.map(
    (w, i) => (w * ((features[i] ?? 0) - (model.scaling.mean[i] ?? 0))) / (model.scaling.std[i] ?? 1),
  );
}

/** Probability in [0, 1] that the pair is the same recording. */
export function probability(model: LinearScorer, features: readonly number[]): number {
  let logit = model.intercept;
  for (let i = 0; i < model.weights.length; i++) {
    logit +=
      ((model.weights[i] as number) * ((features[i] as number) - (model.scaling.mean[i] as number))) /
      (model.scaling.std[i] as number);
  }
  return 1 / (1 + Math.exp(-logit));
}
