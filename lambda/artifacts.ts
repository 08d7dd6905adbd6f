import { readFile } from "node:fs/promises";
import { Catalog, loadSqlJs } from "./catalog.ts";
import type { Matcher } from "./match.ts";
import { parseModel } from "./model.ts";

/** The two files the service runs on, as fetched from wherever they are kept. */
export interface Artifacts {
  catalog: Uint8Array;
  model: string;
}

/** Where the catalog and the model come from: local files, or S3 in AWS. */
export interface ArtifactSource {
  /** Human-readable origin for logs, e.g. "file:data/db.db + file:data/model.json". */
  readonly description: string;
  fetch(): Promise<Artifacts>;
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
    async fetch() {
      const [catalog, model] = await Promise.all([readLocal(catalogPath), readLocal(modelPath, "utf8")]);
      return { catalog: catalog as Uint8Array, model: model as string };
    },
  };
}

async function readLocal(path: string, encoding?: "utf8"): Promise<Uint8Array | string> {
  try {
    return encoding ? await readFile(path, encoding) : await readFile(path);
  } catch (error) {
    throw new ArtifactUnavailableError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

/**
 * Returns a loader that fetches and opens the artifacts once per process. Concurrent first calls share
 * one load; a failed load is not kept, so the next call tries again.
 */
export function matcherLoader(source: ArtifactSource): () => Promise<Matcher> {
  let loading: Promise<Matcher> | undefined;
  return () => {
    loading ??= openArtifacts(source).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

async function openArtifacts(source: ArtifactSource): Promise<Matcher> {
  // Compiling sql.js's wasm overlaps the download instead of following it.
  const [artifacts] = await Promise.all([source.fetch(), loadSqlJs()]);
  const model = parseModel(artifacts.model);
  const catalog = await Catalog.open(artifacts.catalog);
  return { catalog, model };
}
