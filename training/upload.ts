import { readFile } from "node:fs/promises";
import { S3Client } from "@aws-sdk/client-s3";
import { Command } from "commander";
import { DEFAULT_POINTER_KEY } from "../lambda/s3-source.ts";
import { listReleases, publishRelease, rollback } from "./release.ts";

// Publishes data/db.db + data/model.json as a new release, lists releases, moves the pointer back,
// or loads the catalog into the DynamoDB catalog table. Credentials and region come from the usual
// AWS environment (AWS_PROFILE, AWS_REGION, ...).
const options = new Command("upload")
  .description("Upload the catalog and model as a new release, or the catalog into a DynamoDB table")
  .option("--bucket <name>", "artifact bucket (stack output BucketName)")
  .option(
    "--catalog-table <name>",
    "load the catalog into this DynamoDB table (stack output CatalogTableName)",
  )
  .option("--db <path>", "SQLite catalog to upload", "data/db.db")
  .option("--model <path>", "model to upload", "data/model.json")
  .option("--pointer-key <key>", "pointer object the function reads", DEFAULT_POINTER_KEY)
  .option("--endpoint <url>", "S3-compatible endpoint (path-style), e.g. a local s3rver")
  .option("--dynamodb-endpoint <url>", "DynamoDB-compatible endpoint, e.g. a local dynalite")
  .option("--concurrency <n>", "BatchWriteItem calls in flight", "16")
  .option("--list", "list uploaded versions and the current one; upload nothing")
  .option("--rollback <version>", "point the function at an uploaded version; upload nothing")
  .parse()
  .opts<{
    bucket?: string;
    catalogTable?: string;
    db: string;
    model: string;
    pointerKey: string;
    endpoint?: string;
    dynamodbEndpoint?: string;
    concurrency: string;
    list?: boolean;
    rollback?: string;
  }>();

try {
  const actions = [
    options.catalogTable && "--catalog-table",
    options.list && "--list",
    options.rollback && "--rollback",
  ];
  const given = actions.filter(Boolean);
  if (given.length > 1) throw new TypeError(`give one of ${given.join(", ")}, not several`);
  if (options.catalogTable && options.bucket)
    throw new TypeError("give --bucket or --catalog-table, not both");
  if (options.catalogTable) await uploadTable(options.catalogTable);
  else if (options.bucket) await release(options.bucket);
  else
    throw new TypeError("give --bucket <name> (a release) or --catalog-table <name> (the DynamoDB catalog)");
} catch (error) {
  console.error(`upload failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
}

async function release(bucket: string): Promise<void> {
  const client = new S3Client(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {});
  const target = { bucket, pointerKey: options.pointerKey };
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
  } finally {
    client.destroy();
  }
}

async function uploadTable(table: string): Promise<void> {
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new TypeError("--concurrency must be a whole number >= 1");
  // Loaded here only: releases to S3 need neither the DynamoDB SDK nor the catalog file's reader.
  const [{ DynamoDBClient }, { CatalogFile }, { uploadCatalog }, { progressBar }] = await Promise.all([
    import("@aws-sdk/client-dynamodb"),
    import("./catalog-file.ts"),
    import("./catalog-upload.ts"),
    import("./progress.ts"),
  ]);
  const client = new DynamoDBClient(options.dynamodbEndpoint ? { endpoint: options.dynamodbEndpoint } : {});
  const catalog = CatalogFile.open(options.db);
  const bar = progressBar("catalog items");
  try {
    const result = await uploadCatalog(catalog, {
      client,
      table,
      concurrency,
      checkpointPath: `${options.db}.${table}.upload.json`,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.stop();
    if (result.resumedFrom > 0)
      console.log(`resumed after ${result.resumedFrom} records written by an earlier run`);
    console.log(
      `wrote ${result.written} of ${result.total} records to dynamodb:${table} in ${result.seconds.toFixed(1)} s: ` +
        `${Math.round(result.written / result.seconds)} records/s (${result.retries} batches repeated for unprocessed items)`,
    );
  } finally {
    bar.stop();
    catalog.close();
    client.destroy();
  }
}
