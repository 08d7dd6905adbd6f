import { readFile } from "node:fs/promises";
import { S3Client } from "@aws-sdk/client-s3";
import { Command } from "commander";
import { DEFAULT_POINTER_KEY } from "../lambda/s3-source.ts";
import { listReleases, publishRelease, rollback } from "./release.ts";

// Publishes data/db.db + data/model.json as a new release, lists releases, or moves the pointer back.
// Credentials and region come from the usual AWS environment (AWS_PROFILE, AWS_REGION, ...).
const options = new Command("upload")
  .description("Upload the catalog and model as a new release and point the function at it")
  .requiredOption("--bucket <name>", "artifact bucket (stack output BucketName)")
  .option("--db <path>", "SQLite catalog to upload", "data/db.db")
  .option("--model <path>", "model to upload", "data/model.json")
  .option("--pointer-key <key>", "pointer object the function reads", DEFAULT_POINTER_KEY)
  .option("--endpoint <url>", "S3-compatible endpoint (path-style), e.g. a local s3rver")
  .option("--list", "list uploaded versions and the current one; upload nothing")
  .option("--rollback <version>", "point the function at an uploaded version; upload nothing")
  .parse()
  .opts<{
    bucket: string;
    db: string;
    model: string;
    pointerKey: string;
    endpoint?: string;
    list?: boolean;
    rollback?: string;
  }>();

const client = new S3Client(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {});
const target = { bucket: options.bucket, pointerKey: options.pointerKey };

try {
  if (options.list) {
    const { versions, current } = await listReleases(client, target);
    for (const version of versions) console.log(`${version === current ? "*" : " "} ${version}`);
    if (versions.length === 0) console.log(`no releases in s3://${target.bucket}`);
  } else if (options.rollback) {
    const pointer = await rollback(client, target, options.rollback);
    console.log(`s3://${target.bucket}/${target.pointerKey} -> ${pointer.version}`);
  } else {
    const [catalog, model] = await Promise.all([readFile(options.db), readFile(options.model, "utf8")]);
    const pointer = await publishRelease(client, target, { catalog, model });
    console.log(`uploaded s3://${target.bucket}/${pointer.catalogKey}`);
    console.log(`uploaded s3://${target.bucket}/${pointer.modelKey}`);
    console.log(`s3://${target.bucket}/${target.pointerKey} -> ${pointer.version}`);
    console.log("running containers keep the release they loaded; new containers load this one");
  }
} catch (error) {
  console.error(`upload failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  client.destroy();
}
