import { type ArtifactSource, localSource } from "./artifacts.ts";

/**
 * Where the running service takes its artifacts from, read from the environment once:
 * CATALOG_PATH and MODEL_PATH (defaults data/db.db and data/model.json, relative to the working
 * directory). The S3 source plugs in here.
 */
export function sourceFromEnv(env: NodeJS.ProcessEnv = process.env): ArtifactSource {
  return localSource(env.CATALOG_PATH || "data/db.db", env.MODEL_PATH || "data/model.json");
}
