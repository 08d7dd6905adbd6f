import type { RecordingCatalog } from "./catalog.ts";
import { extractFeatures, FEATURE_NAMES, type FeatureName } from "./features.ts";
import { contributions, type Model, probability } from "./model.ts";
import type { PreparedRecording, SoundRecording } from "./recording.ts";

/** Raised when an sr_id is not in the catalog. */
export class UnknownRecordingError extends RangeError {
  override name = "UnknownRecordingError";
  constructor(readonly srId: string) {
    super(`unknown sr_id: ${srId}`);
  }
}

export type MatchClass = "valid" | "invalid";

/** The decision on one pair, with what it rests on. */
export interface Decision {
  class: MatchClass;
  /** Probability in [0, 1] that both ids are the same recording. */
  probability: number;
  threshold: number;
  /** Each feature's value in [0, 1] and its contribution to the log-odds of "valid". */
  features: Record<FeatureName, { value: number; contribution: number }>;
  records: { q: SoundRecording; m: SoundRecording };
}

/** A catalog and the model that judges pairs of its recordings. */
export interface Matcher {
  catalog: RecordingCatalog;
  model: Model;
}

/** The class of a pair and its probability, without the explanation. */
export interface Verdict {
  class: MatchClass;
  /** Probability in [0, 1] that both ids are the same recording. */
  probability: number;
}

/**
 * Classifies a pair of sr_ids: the hot path of the API and of batch scoring, which builds no
 * per-feature objects. Throws UnknownRecordingError for an unknown id.
 */
export function classifyPair({ catalog, model }: Matcher, qId: string, mId: string): Verdict {
  const [q, m] = lookupPair(catalog, qId, mId);
  const p = probability(model, extractFeatures(q, m));
  return { class: p >= model.threshold ? "valid" : "invalid", probability: p };
}

/** Decides whether two sr_ids are the same recording, with what it rests on (for `explain=true`). */
export function decide({ catalog, model }: Matcher, qId: string, mId: string): Decision {
  const [q, m] = lookupPair(catalog, qId, mId);
  const values = extractFeatures(q, m);
  const p = probability(model, values);
  const parts = contributions(model, values);
  const features = Object.fromEntries(
    FEATURE_NAMES.map((name, i) => [name, { value: values[i] as number, contribution: parts[i] as number }]),
  ) as Decision["features"];
  return {
    class: p >= model.threshold ? "valid" : "invalid",
    probability: p,
    threshold: model.threshold,
    features,
    records: { q: q.raw, m: m.raw },
  };
}

function lookupPair(
  catalog: RecordingCatalog,
  qId: string,
  mId: string,
): [PreparedRecording, PreparedRecording] {
  const q = catalog.get(qId);
  if (!q) throw new UnknownRecordingError(qId);
  const m = catalog.get(mId);
  if (!m) throw new UnknownRecordingError(mId);
  return [q, m];
}
