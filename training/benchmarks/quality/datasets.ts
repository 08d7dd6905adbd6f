import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";

/** The shared datasets folder beside the repository, read in place and never copied into the project. */
const SHARED_DATASETS = fileURLToPath(new URL("../../../../shared/datasets/", import.meta.url));

/** What `datasetOptions` adds to a command's options. */
export interface DatasetOptions {
  db: string;
  groundtruth: string;
  shared: string;
}

/** The options of the benches that read every dataset: our sample, and the shared datasets folder. */
export function datasetOptions(command: Command): Command {
  return command
    .option("--db <path>", "our sample catalog", "data/db.db")
    .option("--groundtruth <path>", "our sample's labelled pairs", "data/groundtruth.csv")
    .option("--shared <dir>", "the shared datasets folder, read in place", SHARED_DATASETS);
}

/** iTunes-Amazon's folder (both variants) under the shared datasets folder. */
export const itunesRoot = (shared: string): string => join(shared, "itunes-amazon");

/** MusicBrainz 20K's CSV under the shared datasets folder. */
export const musicBrainzCsv = (shared: string): string =>
  join(shared, "musicbrainz-20k", "musicbrainz_20k.csv");
