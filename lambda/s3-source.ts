import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { type ArtifactSource, ArtifactUnavailableError } from "./artifacts.ts";

/** Where the function looks for the current release unless told otherwise. */
export { DEFAULT_POINTER_KEY } from "./artifacts.ts";

/** The pointer object naming the release the function serves. */
export interface ReleasePointer {
  /** Sortable release id, e.g. "20250101T120000Z-3f2a9c1d". */
  version: string;
  catalogKey: string;
  modelKey: string;
}

/** Where the S3 source reads: a bucket, the pointer's key, and the client to read with. */
export interface S3SourceOptions {
  bucket: string;
  pointerKey: string;
  client: S3Client;
}

/** Settings for {@link artifactClient}; both only for an S3-compatible server such as s3rver in tests. */
export interface ArtifactClientOptions {
  endpoint?: string;
  forcePathStyle?: boolean;
}

/**
 * An S3 client tuned to fail fast: one retry, 1 s to connect and 3 s of socket silence at most, so an
 * unreachable store answers 503 within ~8 s (under the function's 15 s timeout) instead of hanging.
 */
export function artifactClient(options: ArtifactClientOptions = {}): S3Client {
  return new S3Client({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? false,
  });
}

/**
 * Artifacts read from S3: the pointer object first, then the catalog and model it names. Any failure
 * to read (missing bucket or object, access denied, store unreachable) is an ArtifactUnavailableError
 * naming the bucket and key.
 * @example s3Source({ bucket: "artifacts", pointerKey: DEFAULT_POINTER_KEY, client: artifactClient() })
 */
export function s3Source({ bucket, pointerKey, client }: S3SourceOptions): Required<ArtifactSource> {
  let served: string | undefined;
  return {
    get description() {
      return `s3://${bucket}/${pointerKey}${served ? ` (release ${served})` : ""}`;
    },
    async fetch({ catalog: withCatalog = true } = {}) {
      const pointer = await readPointer();
      const [catalog, model] = await Promise.all([
        withCatalog ? getBytes(client, bucket, pointer.catalogKey) : undefined,
        getText(client, bucket, pointer.modelKey),
      ]);
      served = pointer.version;
      return { ...(catalog && { catalog }), model, release: pointer.version };
    },
    async currentRelease() {
      return (await readPointer()).version;
    },
  };

  async function readPointer(): Promise<ReleasePointer> {
    return parsePointer(await getText(client, bucket, pointerKey), `s3://${bucket}/${pointerKey}`);
  }
}

/**
 * Parses a pointer object's JSON; throws ArtifactUnavailableError naming `origin` when it is not a
 * pointer, since no release can be served until a good one is written.
 */
export function parsePointer(json: string, origin: string): ReleasePointer {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ArtifactUnavailableError(`${origin} is not a release pointer: invalid JSON`);
  }
  const pointer = data as Partial<Record<keyof ReleasePointer, unknown>> | null;
  for (const field of ["version", "catalogKey", "modelKey"] as const) {
    const value = pointer?.[field];
    if (typeof value !== "string" || value === "") {
      throw new ArtifactUnavailableError(`${origin} is not a release pointer: ${field} missing`);
    }
  }
  const { version, catalogKey, modelKey } = pointer as ReleasePointer;
  return { version, catalogKey, modelKey };
}

async function getBytes(client: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  try {
    const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!response.Body) throw new Error("empty response body");
    return await response.Body.transformToByteArray();
  } catch (error) {
    throw new ArtifactUnavailableError(`cannot read s3://${bucket}/${key}: ${explain(error)}`);
  }
}

async function getText(client: S3Client, bucket: string, key: string): Promise<string> {
  return new TextDecoder().decode(await getBytes(client, bucket, key));
}

/** Names an S3 or network failure in words an operator can act on. */
function explain(error: unknown): string {
  const { name, code, message } = error as { name?: string; code?: string; message?: string };
  switch (name) {
    case "NoSuchKey":
      return "NoSuchKey (no such object; was a release uploaded?)";
    case "NoSuchBucket":
      return "NoSuchBucket (no such bucket)";
    case "AccessDenied":
      return "AccessDenied (no permission, or no such object: S3 hides missing keys from readers without ListBucket)";
  }
  if (code) return `${code} (S3 unreachable)`;
  if (name === "TimeoutError") return "timed out (S3 unreachable)";
  return `${name ?? "Error"}: ${message ?? String(error)}`;
}
