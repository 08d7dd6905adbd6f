import { type ArtifactSource, DEFAULT_POINTER_KEY, localSource } from "./artifacts.ts";
import type { RecordingCatalog } from "./catalog.ts";
import { DEFAULT_RELEASE_CHECK_MS, DEFAULT_RETRY_MS } from "./matcher-loader.ts";

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
  const bucket: string | undefined = env.ARTIFACT_BUCKET;
  if (!bucket) return localSource(env.CATALOG_PATH || "data/db.db", env.MODEL_PATH || "data/model.json");
  const endpoint = env.S3_ENDPOINT || undefined;
  const forcePathStyle = flag(env, "S3_FORCE_PATH_STYLE");
  const pointerKey = env.ARTIFACT_POINTER_KEY || DEFAULT_POINTER_KEY;
  // The AWS SDK takes ~70 ms to load: only an S3-backed process pays for it, on its first fetch.
  const s3Bucket = bucket;
  let s3: Required<ArtifactSource> | undefined;
  return {
    get description() {
      return s3?.description ?? `s3://${bucket}/${pointerKey}`;
    },
    async fetch(options) {
      return (await s3Store()).fetch(options);
    },
    async currentRelease() {
      return (await s3Store()).currentRelease();
    },
  };

  async function s3Store(): Promise<Required<ArtifactSource>> {
    if (!s3) {
      const { artifactClient, s3Source } = await import("./s3-source.ts");
      s3 = s3Source({ bucket: s3Bucket, pointerKey, client: artifactClient({ endpoint, forcePathStyle }) });
    }
    return s3;
  }
}

/**
 * Where the catalog is kept, when not in the release's SQLite file: CATALOG_TABLE names a DynamoDB
 * table (filled by `npm run upload -- --catalog-table`), DYNAMODB_ENDPOINT only for a
 * DynamoDB-compatible server such as dynalite in tests. Returns how to open it, or undefined for the
 * embedded sql.js catalog. The DynamoDB SDK is loaded only then, so a sql.js process never pays for it.
 */
export function catalogFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): (() => Promise<RecordingCatalog>) | undefined {
  const table = env.CATALOG_TABLE;
  if (!table) return undefined;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(table)) {
    throw new TypeError(`CATALOG_TABLE must be a DynamoDB table name, not ${JSON.stringify(table)}`);
  }
  const endpoint = env.DYNAMODB_ENDPOINT || undefined;
  // One catalog (client and cache) per process: the table outlives a switch of model release.
  let opened: Promise<RecordingCatalog> | undefined;
  return () => {
    opened ??= import("./dynamo-catalog.ts").then(
      ({ DynamoCatalog, catalogClient }) => new DynamoCatalog({ table, client: catalogClient(endpoint) }),
      (error: unknown) => {
        opened = undefined;
        throw error;
      },
    );
    return opened;
  };
}

/**
 * Seconds between a warm process's checks for a new release (RELEASE_CHECK_SECONDS, default 60;
 * 0 checks on every request), in milliseconds. Only S3 sources have releases to check.
 */
export function releaseCheckMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return secondsAsMs(env, "RELEASE_CHECK_SECONDS", DEFAULT_RELEASE_CHECK_MS);
}

/**
 * Seconds to wait after a failed artifact load before the next attempt (ARTIFACT_RETRY_SECONDS,
 * default 2, doubling per consecutive failure up to 16), in milliseconds.
 */
export function retryMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return secondsAsMs(env, "ARTIFACT_RETRY_SECONDS", DEFAULT_RETRY_MS);
}

/**
 * Whether to write the per-request INFO line: REQUEST_LOG "on" (default) or "off"; also off when
 * POWERTOOLS_LOG_LEVEL is above INFO (WARN, ERROR, CRITICAL, SILENT). Failures are always logged.
 */
export function requestLogFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.REQUEST_LOG;
  if (value !== undefined && value !== "" && value !== "on" && value !== "off") {
    throw new TypeError(`REQUEST_LOG must be "on" or "off", not ${JSON.stringify(value)}`);
  }
  const level = (env.POWERTOOLS_LOG_LEVEL ?? "INFO").toUpperCase();
  return value !== "off" && !["WARN", "ERROR", "CRITICAL", "SILENT"].includes(level);
}

/**
 * Seconds a request line may wait to go out with others in one write (REQUEST_LOG_FLUSH_SECONDS,
 * default 0: each line at once, as Lambda needs), in milliseconds. The local server sets 0.02.
 */
export function requestLogFlushMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return secondsAsMs(env, "REQUEST_LOG_FLUSH_SECONDS", 0);
}

/** Whether to emit EMF metrics: not when POWERTOOLS_METRICS_DISABLED is true/1/yes/on (as Powertools reads it). */
export function metricsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return !["true", "1", "yes", "on"].includes((env.POWERTOOLS_METRICS_DISABLED ?? "").trim().toLowerCase());
}

function secondsAsMs(env: NodeJS.ProcessEnv, name: string, fallbackMs: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallbackMs;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new TypeError(`${name} must be a number of seconds >= 0, not ${JSON.stringify(raw)}`);
  }
  return seconds * 1000;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === "" || value === "false") return false;
  if (value === "true") return true;
  throw new TypeError(`${name} must be "true" or "false", not ${JSON.stringify(value)}`);
}
