import type { Command } from "commander";
import { FEATURE_VERSION, type FeatureName } from "../lambda/features.ts";
import type { Model } from "../lambda/model.ts";
import { exitOnInputError } from "./cli-exit.ts";
import { loadModelFile } from "./model-file.ts";

/** The shipped model, trained on our sample alone. */
export const SAMPLE_MODEL = "data/model.json";

/**
 * The model that `npm run train`, `npm run report` and the benchmarks centre their priors on by
 * default: fitted on MusicBrainz 20K's training clusters (`npm run train:musicbrainz`), a real
 * catalog no iTunes-Amazon pair reaches.
 */
export const MUSICBRAINZ_MODEL = "data/musicbrainz-model.json";

/** A model to centre a fit's prior on, and the name of the benchmark rows fitted with it. */
export interface Prior {
  model: Model;
  /** `prior: <file>`, the suffix of the rows' names. */
  name: string;
}

/**
 * A prior model file from a `--prior-model <file>` / `--no-prior-model` pair of options (false: none),
 * checked against the features' version at once, so a stale file stops a run before it fits anything.
 */
export function loadPriorModel(path: string | false): Prior | undefined {
  if (path === false) return undefined;
  const model = loadModelFile(path);
  checkFeatureVersion(model);
  return { model, name: `prior: ${path}` };
}

/** loadPriorModel for a command-line script: a missing or stale file ends it in one line, exit code 1. */
export function priorModelOrExit(path: string | false, command: string): Prior | undefined {
  try {
    return loadPriorModel(path);
  } catch (error) {
    return exitOnInputError(command)(error);
  }
}

/** Training's `--prior-model <file>` (default the MusicBrainz 20K model) and `--no-prior-model` options. */
export function trainingPriorOptions(command: Command): Command {
  return command
    .option(
      "--prior-model <file>",
      "centre the fit's prior on this model's weights: where the labels are silent (a column the catalog lacks, a tag they never show) its weights hold",
      MUSICBRAINZ_MODEL,
    )
    .option("--no-prior-model", "centre the fit's prior on 0");
}

/** The benches' `--prior-model <file>` (default the MusicBrainz 20K model) and `--no-prior-model` options. */
export function priorModelOptions(command: Command): Command {
  return command
    .option(
      "--prior-model <file>",
      "also fit with the prior centred on this model's weights",
      MUSICBRAINZ_MODEL,
    )
    .option("--no-prior-model", "without the rows fitted with a prior model");
}

/** Weights only mean the same features under the same feature version: another version is refused. */
function checkFeatureVersion(source: Model): void {
  if (source.featureVersion !== FEATURE_VERSION)
    throw new Error(
      `prior model has feature version ${source.featureVersion}, the features are version ${FEATURE_VERSION}: ` +
        "retrain it (npm run train) or pick another",
    );
}

/**
 * The weights of `source` (a model trained elsewhere, e.g. on MusicBrainz 20K or on our sample) for
 * `features`, on the raw feature scale, as the centre of a fit's prior (fitLogistic's `priorCentre`):
 * a fit on a few hundred labelled pairs of another catalog starts from what the source taught and
 * keeps it where its own labels are silent (a tag family they never show), instead of pulling such a
 * weight to 0. A feature the source lacks is centred on 0. A source of another feature version is
 * refused.
 */
export function priorCentre(source: Model, features: readonly FeatureName[]): number[] {
  checkFeatureVersion(source);
  return features.map((name) => {
    const j = source.featureNames.indexOf(name);
    return j < 0 ? 0 : (source.weights[j] as number) / (source.scaling.std[j] as number);
  });
}
