import { type ArtifactSource, localSource } from "./artifacts.ts";
import { artifactClient, DEFAULT_POINTER_KEY, s3Source } from "./s3-source.ts";

/**
 * Where the running service takes its artifacts from, read from the environment once.
 * - In AWS: ARTIFACT_BUCKET (set by the stack) and ARTIFACT_POINTER_KEY (default
 *   releases/current.json); S3_ENDPOINT and S3_FORCE_PATH_STYLE ("true"/"false") only for an
 *   S3-compatible server such as the loopback one in tests.
 * - Otherwise: CATALOG_PATH and MODEL_PATH (defaults data/db.db and data/model.json, relative to the
 *   working directory).
 * Throws a TypeError naming the variable when a value is malformed.
 */
export function sourceFromEnv(env: NodeJS.ProcessEnv = process.env): ArtifactSource {
  const bucket = env.ARTIFACT_BUCKET;
  if (!bucket) return localSource(env.CATALOG_PATH || "data/db.db", env.MODEL_PATH || "data/model.json");
  const client = artifactClient({
    endpoint: env.S3_ENDPOINT || undefined,
    forcePathStyle: flag(env, "S3_FORCE_PATH_STYLE"),
  });
  return s3Source({ bucket, pointerKey: env.ARTIFACT_POINTER_KEY || DEFAULT_POINTER_KEY, client });
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new TypeError(`${name} must be "true" or "false", not ${JSON.stringify(value)}`);
}
