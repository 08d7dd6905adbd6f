import { readFileSync } from "node:fs";

/** The two files the service runs on, as fetched from wherever they are kept. */
export interface Artifacts {
  /** The SQLite catalog's bytes; absent when fetched with `{ catalog: false }`. */
  catalog?: Uint8Array;
  model: string;
  /** The release these belong to, where the store names releases (S3); absent for local files. */
  release?: string;
}

/** Where the catalog and the model come from: local files, or S3 in AWS. */
export interface ArtifactSource {
  /** Human-readable origin for logs, e.g. "file:data/db.db + file:data/model.json". */
  readonly description: string;
  fetch(options?: FetchOptions): Promise<Artifacts>;
  /** The release the store points at now, cheaply (no artifact download); absent for local files. */
  currentRelease?(): Promise<string>;
}

/** What to fetch: `catalog: false` skips the catalog file when the catalog is kept elsewhere (DynamoDB). */
export interface FetchOptions {
  catalog?: boolean;
}

/** The S3 object naming the release the function serves; releases live beside it. */
export const DEFAULT_POINTER_KEY = "releases/current.json";

/** Raised when an artifact cannot be fetched right now (missing file or object, store unreachable). */
export class ArtifactUnavailableError extends Error {
  override name = "ArtifactUnavailableError";
}

/** Artifacts read from two local files. */
export function localSource(catalogPath: string, modelPath: string): ArtifactSource {
  return {
    description: `file:${catalogPath} + file:${modelPath}`,
    async fetch({ catalog: withCatalog = true } = {}) {
      const [catalog, model] = await Promise.all([
        withCatalog ? readLocal(catalogPath) : undefined,
        readLocal(modelPath, "utf8"),
      ]);
      return { ...(catalog && { catalog: catalog as Uint8Array }), model: model as string };
    },
  };
}

/**
 * One blocking read: a local file is read once per process, at start, and fs/promises' readFile
 * reads a 13 MB catalog in 512 kB chunks, each a round trip through the thread pool (~1.5x slower).
 */
async function readLocal(path: string, encoding?: "utf8"): Promise<Uint8Array | string> {
  try {
    return encoding ? readFileSync(path, encoding) : readFileSync(path);
  } catch (error) {
    throw new ArtifactUnavailableError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}
