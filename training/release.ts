import { createHash } from "node:crypto";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Catalog } from "../lambda/catalog.ts";
import { parseModel } from "../lambda/model.ts";
import { parsePointer, type ReleasePointer } from "../lambda/s3-source.ts";
import { foldersUnder } from "./dedupe-batch/bucket-keys.ts";

/** A bucket and the key of the pointer the function reads. */
export interface ReleaseTarget {
  bucket: string;
  pointerKey: string;
}

/** The two files a release is made of. */
export interface ReleaseFiles {
  catalog: Uint8Array;
  model: string;
}

/**
 * Releases live beside their pointer: with pointer "releases/current.json" a release is
 * "releases/<version>/db.db" and "releases/<version>/model.json". The stack grants exactly these.
 */
export function releasePrefix(pointerKey: string): string {
  return pointerKey.slice(0, pointerKey.lastIndexOf("/") + 1);
}

/** The pointer to a release's objects, e.g. { version, catalogKey: "releases/v/db.db", ... }. */
export function releasePointer(pointerKey: string, version: string): ReleasePointer {
  const prefix = `${releasePrefix(pointerKey)}${version}/`;
  return { version, catalogKey: `${prefix}db.db`, modelKey: `${prefix}model.json` };
}

/** A sortable version: UTC time to the second and the model's short sha256, e.g. "20250101T120000Z-3f2a9c1d". */
export function releaseVersion(model: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${createHash("sha256").update(model).digest("hex").slice(0, 8)}`;
}

const VERSION = /^\d{8}T\d{6}Z-[0-9a-f]{8}$/;

/**
 * Validates the model and catalog as the function will, uploads both under a new version, then moves
 * the pointer to it. The pointer is written last, so the function never sees half a release.
 * Throws InvalidModelError / InvalidCatalogError before uploading anything.
 */
export async function publishRelease(
  client: S3Client,
  target: ReleaseTarget,
  files: ReleaseFiles,
  at = new Date(),
): Promise<ReleasePointer> {
  parseModel(files.model);
  (await Catalog.open(files.catalog)).close();
  const pointer = releasePointer(target.pointerKey, releaseVersion(files.model, at));
  await Promise.all([
    put(client, target.bucket, pointer.catalogKey, files.catalog, "application/vnd.sqlite3"),
    put(client, target.bucket, pointer.modelKey, files.model, "application/json"),
  ]);
  await writePointer(client, target, pointer);
  return pointer;
}

/** The versions in the bucket, oldest first, and the one the pointer names (if any). */
export async function listReleases(
  client: S3Client,
  target: ReleaseTarget,
): Promise<{ versions: string[]; current?: string }> {
  const prefix = releasePrefix(target.pointerKey);
  const versions = (await foldersUnder(client, target.bucket, prefix))
    .map((folder) => folder.slice(prefix.length, -1))
    .filter((version) => VERSION.test(version));
  return { versions: versions.sort(), current: (await readPointer(client, target))?.version };
}

/**
 * Moves the pointer back (or forward) to an uploaded version, after checking both its objects exist.
 * Throws RangeError for a malformed or absent version.
 */
export async function rollback(
  client: S3Client,
  target: ReleaseTarget,
  version: string,
): Promise<ReleasePointer> {
  if (!VERSION.test(version)) throw new RangeError(`not a release version: ${version}`);
  const pointer = releasePointer(target.pointerKey, version);
  for (const key of [pointer.catalogKey, pointer.modelKey]) {
    try {
      await client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }));
    } catch (error) {
      throw new RangeError(
        `release ${version} is incomplete: s3://${target.bucket}/${key}: ${(error as Error).name}`,
      );
    }
  }
  await writePointer(client, target, pointer);
  return pointer;
}

async function readPointer(client: S3Client, target: ReleaseTarget): Promise<ReleasePointer | undefined> {
  try {
    const response = await client.send(
      new GetObjectCommand({ Bucket: target.bucket, Key: target.pointerKey }),
    );
    return parsePointer((await response.Body?.transformToString()) ?? "", target.pointerKey);
  } catch (error) {
    if ((error as Error).name === "NoSuchKey") return undefined;
    throw error;
  }
}

function writePointer(client: S3Client, target: ReleaseTarget, pointer: ReleasePointer): Promise<void> {
  // no-store so nothing between S3 and a reader keeps an old pointer after a rollback.
  return put(
    client,
    target.bucket,
    target.pointerKey,
    JSON.stringify(pointer),
    "application/json",
    "no-store",
  );
}

async function put(
  client: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
  contentType: string,
  cacheControl?: string,
): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      CacheControl: cacheControl,
    }),
  );
}
