import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureCatalog, fixtureModelJson } from "../lib/testing/fixture-artifacts.ts";
import { type LoopbackS3, startLoopbackS3 } from "../lib/testing/loopback-s3.ts";
import { ArtifactUnavailableError } from "./artifacts.ts";
import { sourceFromEnv } from "./config.ts";
import { matcherLoader } from "./matcher-loader.ts";
import { artifactClient, DEFAULT_POINTER_KEY, parsePointer, s3Source } from "./s3-source.ts";

const BUCKET = "artifacts";
let s3: LoopbackS3;
let catalog: Uint8Array;

async function put(key: string, body: string | Uint8Array): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

function source(pointerKey = DEFAULT_POINTER_KEY, bucket = BUCKET) {
  const env = s3.env();
  return sourceFromEnv({ ...env, ARTIFACT_BUCKET: bucket, ARTIFACT_POINTER_KEY: pointerKey });
}

beforeAll(async () => {
  // The SDK reads credentials and region from the environment, as in Lambda.
  s3 = await startLoopbackS3([BUCKET]);
  Object.assign(process.env, s3.env());
  catalog = await fixtureCatalog();
  await put("releases/v1/db.db", catalog);
  await put("releases/v1/model.json", fixtureModelJson());
  await put(
    DEFAULT_POINTER_KEY,
    JSON.stringify({ version: "v1", catalogKey: "releases/v1/db.db", modelKey: "releases/v1/model.json" }),
  );
});

afterAll(async () => {
  await s3?.dispose();
});

describe("s3Source", () => {
  it("reads the catalog and model named by the pointer, and names the release it serves", async () => {
    const artifacts = source();
    const { catalog: bytes, model } = await artifacts.fetch();
    expect(Buffer.from(bytes ?? []).equals(Buffer.from(catalog))).toBe(true);
    expect(model).toBe(fixtureModelJson());
    expect(artifacts.description).toBe(`s3://${BUCKET}/${DEFAULT_POINTER_KEY} (release v1)`);
  });

  it("reads only the pointer and the model when the catalog is kept elsewhere", async () => {
    const before = s3.requests.length;
    const fetched = await source().fetch({ catalog: false });
    expect(fetched.catalog).toBeUndefined();
    expect(fetched.model).toBe(fixtureModelJson());
    expect(s3.requests.slice(before).some((line) => line.includes("db.db"))).toBe(false);
  });

  it("tells the release it fetched and the one the pointer names now", async () => {
    const artifacts = source();
    expect((await artifacts.fetch()).release).toBe("v1");
    expect(await artifacts.currentRelease?.()).toBe("v1");
  });

  it("reports a missing pointer as unavailable, naming bucket and key", async () => {
    const failure = source("releases/none.json").fetch();
    await expect(failure).rejects.toBeInstanceOf(ArtifactUnavailableError);
    await expect(failure).rejects.toThrow(`s3://${BUCKET}/releases/none.json: NoSuchKey`);
  });

  it("reports a missing bucket as unavailable", async () => {
    await expect(source(DEFAULT_POINTER_KEY, "no-such-bucket").fetch()).rejects.toThrow(
      "cannot read s3://no-such-bucket/releases/current.json: NoSuchBucket",
    );
  });

  it("reports an object the pointer names but the bucket lacks", async () => {
    await put(
      "releases/broken.json",
      JSON.stringify({ version: "v2", catalogKey: "releases/v1/db.db", modelKey: "releases/v2/model.json" }),
    );
    await expect(source("releases/broken.json").fetch()).rejects.toThrow(
      `cannot read s3://${BUCKET}/releases/v2/model.json: NoSuchKey`,
    );
  });

  it("refuses a pointer that is not one", async () => {
    await put("releases/garbled.json", "{not json");
    await expect(source("releases/garbled.json").fetch()).rejects.toThrow(
      `s3://${BUCKET}/releases/garbled.json is not a release pointer: invalid JSON`,
    );
  });

  it("answers quickly that S3 is unreachable when nothing listens", async () => {
    const client = artifactClient({ endpoint: "http://127.0.0.1:9", forcePathStyle: true });
    const started = performance.now();
    const failure = s3Source({ bucket: BUCKET, pointerKey: DEFAULT_POINTER_KEY, client }).fetch();
    await expect(failure).rejects.toThrow(
      /cannot read s3:\/\/artifacts\/releases\/current.json: ECONNREFUSED/,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("shares one load among concurrent first requests", async () => {
    const load = matcherLoader(source());
    const before = s3.requests.length;
    const matchers = await Promise.all(Array.from({ length: 20 }, () => load()));
    expect(new Set(matchers).size).toBe(1);
    const gets = s3.requests.slice(before).filter((line) => line.startsWith("GET "));
    expect(gets).toHaveLength(3);
  });
});

describe("parsePointer", () => {
  it.each([
    ["null", "version missing"],
    ['{"version":"v1","catalogKey":"a"}', "modelKey missing"],
    ['{"version":"","catalogKey":"a","modelKey":"b"}', "version missing"],
  ])("refuses %s: %s", (json, reason) => {
    expect(() => parsePointer(json, "here")).toThrow(`here is not a release pointer: ${reason}`);
  });
});

describe("sourceFromEnv", () => {
  it("reads local files when no bucket is set", () => {
    expect(sourceFromEnv({ CATALOG_PATH: "a.db", MODEL_PATH: "m.json" }).description).toBe(
      "file:a.db + file:m.json",
    );
  });

  it("reads S3 when ARTIFACT_BUCKET is set, at the default pointer key", () => {
    expect(sourceFromEnv({ ARTIFACT_BUCKET: "b" }).description).toBe("s3://b/releases/current.json");
  });

  it("names the variable when S3_FORCE_PATH_STYLE is malformed", () => {
    expect(() => sourceFromEnv({ ARTIFACT_BUCKET: "b", S3_FORCE_PATH_STYLE: "yes" })).toThrow(
      'S3_FORCE_PATH_STYLE must be "true" or "false", not "yes"',
    );
  });
});
