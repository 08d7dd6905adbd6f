import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Catalog } from "../../lambda/catalog.ts";
import type { Matcher } from "../../lambda/match.ts";
import { parseModel, probability } from "../../lambda/model.ts";
import { type Pair, readPairs } from "../csv.ts";
import { featurize } from "../dataset.ts";
import { groupSplit } from "../split.ts";
import { buildQueue, DEDUPE_FILE, type QueueItem, readDedupePairs } from "./queue.ts";
import { chooseReviewBand, type ReviewBand } from "./review-band.ts";

/** Files a review session reads. */
export interface SessionFiles {
  db: string;
  model: string;
  groundtruth: string;
  /** Candidate pairs for the band; the groundtruth when absent. */
  pairs?: string;
  /** Output dir of `npm run dedupe`, holding review-pairs.csv. */
  dedupeDir?: string;
}

/** A loaded session: the matcher, the queue and what the page should say about its sources. */
export interface ReviewSession {
  matcher: Matcher;
  items: QueueItem[];
  band: ReviewBand;
  /** First 12 hex digits of the model file's sha256; stored with every answer. */
  modelVersion: string;
  notes: string[];
}

/**
 * Opens the catalog and model and builds the queue. The review band is the model's own (written by
 * training); a model file from before the band existed gets one chosen the same way on the
 * validation part of the groundtruth's group-aware split.
 */
export async function loadReviewSession(files: SessionFiles): Promise<ReviewSession> {
  const modelText = readFileSync(files.model, "utf8");
  const model = parseModel(modelText);
  const catalog = await Catalog.open(readFileSync(files.db));
  const matcher = { catalog, model };
  const labelled = readPairs(files.groundtruth);
  const notes: string[] = [];
  let band = model.reviewBand;
  if (!band) {
    band = bandOnValidation(matcher, labelled);
    notes.push("model file has no review band: chosen now on the validation part; retrain to store it");
  }
  const candidates: Pair[] = files.pairs ? readPairs(files.pairs) : labelled;
  let dedupe: ReturnType<typeof readDedupePairs>;
  if (files.dedupeDir) {
    dedupe = readDedupePairs(files.dedupeDir);
    if (!dedupe) notes.push(`dedupe: no ${DEDUPE_FILE} in ${files.dedupeDir} yet; run npm run dedupe first`);
  } else {
    notes.push("dedupe: not read (start with --dedupe-dir DIR to review flagged clusters)");
  }
  const { items, unknown } = buildQueue({
    matcher,
    band,
    candidates,
    labelled,
    ...(dedupe ? { dedupe } : {}),
  });
  if (unknown > 0) notes.push(`${unknown} pairs name ids not in the catalog and are left out`);
  const modelVersion = createHash("sha256").update(modelText).digest("hex").slice(0, 12);
  return { matcher, items, band, modelVersion, notes };
}

function bandOnValidation(matcher: Matcher, labelled: readonly Pair[]): ReviewBand {
  const { validation } = groupSplit(labelled);
  const { examples } = featurize(matcher.catalog, validation);
  return chooseReviewBand(
    examples.map((e) => e.label),
    examples.map((e) => probability(matcher.model, e.features)),
  );
}
