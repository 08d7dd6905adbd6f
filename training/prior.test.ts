import { describe, expect, it } from "vitest";
import { FEATURE_NAMES, FEATURE_VERSION } from "../lambda/features.ts";
import { loadModelFile } from "./model-file.ts";
import { loadPriorModel, MUSICBRAINZ_MODEL, priorCentre, SAMPLE_MODEL } from "./prior.ts";

const shipped = loadModelFile(SAMPLE_MODEL);

describe("priorCentre", () => {
  it("gives each named feature the source's weight on the raw scale, 0 for a name it lacks", () => {
    const [first, second] = FEATURE_NAMES;
    const centre = priorCentre(shipped, [second as never, first as never]);
    const raw = (j: number) => (shipped.weights[j] as number) / (shipped.scaling.std[j] as number);
    expect(centre).toEqual([raw(1), raw(0)]);
    expect(centre[0]).not.toBe(0);
    expect(
      priorCentre({ ...shipped, featureNames: shipped.featureNames.slice(1) }, [first as never]),
    ).toEqual([0]);
  });

  it("refuses a model of another feature version", () => {
    expect(() => priorCentre({ ...shipped, featureVersion: FEATURE_VERSION - 1 }, [])).toThrow(
      /feature version/,
    );
  });
});

describe("loadPriorModel", () => {
  it("reads none for false, the model for a path, and names a missing file", () => {
    expect(loadPriorModel(false)).toBeUndefined();
    expect(loadPriorModel(SAMPLE_MODEL)?.model.trainedAt).toBe(shipped.trainedAt);
    expect(loadPriorModel(SAMPLE_MODEL)?.name).toBe("prior: data/model.json");
    expect(() => loadPriorModel("no-such-model.json")).toThrow(/no-such-model\.json/);
  });

  it("reads the shipped MusicBrainz 20K model, fitted on that dataset for these features", () => {
    const prior = loadPriorModel(MUSICBRAINZ_MODEL);
    expect(prior?.name).toBe("prior: data/musicbrainz-model.json");
    expect(prior?.model.training.fingerprint).toMatch(/^musicbrainz-20k:[0-9a-f]{64}$/);
    expect(prior?.model.weights).not.toEqual(shipped.weights);
  });
});
