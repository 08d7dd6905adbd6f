import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidCatalogError } from "../lambda/catalog.ts";
import { InvalidModelError } from "../lambda/model.ts";
import { DEFAULT_POINTER_KEY, s3Source } from "../lambda/s3-source.ts";
import { fixtureCatalog, fixtureModel, fixtureModelJson } from "../lib/testing/fixture-artifacts.ts";
import { type LoopbackS3, startLoopbackS3 } from "../lib/testing/loopback-s3.ts";
import { listReleases, publishRelease, releasePointer, releaseVersion, rollback } from "./release.ts";

const target = { bucket: "releases-test", pointerKey: DEFAULT_POINTER_KEY };
let s3: LoopbackS3;
let catalog: Uint8Array;

beforeAll(async () => {
  s3 = await startLoopbackS3([target.bucket]);
  catalog = await fixtureCatalog();
});

afterAll(async () => {
  await s3?.dispose();
});

function served() {
  return s3Source({ ...target, client: s3.client });
}

describe("releaseVersion", () => {
  it("is the UTC second and the model's short sha256, so versions sort by time", () => {
    expect(releaseVersion("{}", new Date("2025-03-04T05:06:07.890Z"))).toBe("20250304T050607Z-44136fa3");
  });
});

describe("releasePointer", () => {
  it("puts a release's objects beside the pointer", () => {
    expect(releasePointer("releases/current.json", "v")).toEqual({
      version: "v",
      catalogKey: "releases/v/db.db",
      modelKey: "releases/v/model.json",
    });
  });
});

describe("publishRelease, listReleases and rollback against an S3 server", () => {
  const secondModel = fixtureModelJson({ intercept: -3 });
  let first: string;
  let second: string;

  it("uploads both files under a new version and moves the pointer the function reads", async () => {
    const pointer = await publishRelease(
      s3.client,
      target,
      { catalog, model: fixtureModelJson() },
      new Date("2025-01-01T00:00:00Z"),
    );
    first = pointer.version;
    expect(pointer.catalogKey).toBe(`releases/${first}/db.db`);
    const source = served();
    const artifacts = await source.fetch();
    expect(artifacts.model).toBe(fixtureModelJson());
    expect(Buffer.from(artifacts.catalog ?? []).equals(Buffer.from(catalog))).toBe(true);
    expect(source.description).toContain(`(release ${first})`);
  });

  it("lists versions oldest first with the current one", async () => {
    second = (
      await publishRelease(
        s3.client,
        target,
        { catalog, model: secondModel },
        new Date("2025-02-01T00:00:00Z"),
      )
    ).version;
    expect(await listReleases(s3.client, target)).toEqual({ versions: [first, second], current: second });
    expect((await served().fetch()).model).toBe(secondModel);
  });

  it("rolls the pointer back to an earlier version", async () => {
    await rollback(s3.client, target, first);
    expect((await served().fetch()).model).toBe(fixtureModelJson());
    expect((await listReleases(s3.client, target)).current).toBe(first);
  });

  it("refuses to roll back to a version that was never uploaded, leaving the pointer", async () => {
    await expect(rollback(s3.client, target, "20240101T000000Z-00000000")).rejects.toThrow(
      "release 20240101T000000Z-00000000 is incomplete",
    );
    await expect(rollback(s3.client, target, "../x")).rejects.toThrow("not a release version: ../x");
    expect((await listReleases(s3.client, target)).current).toBe(first);
  });

  it("refuses a model the function would refuse, before uploading anything", async () => {
    const before = s3.requests.length;
    const renamed = JSON.stringify({ ...fixtureModel(), featureNames: ["title_sim"] });
    await expect(publishRelease(s3.client, target, { catalog, model: renamed })).rejects.toBeInstanceOf(
      InvalidModelError,
    );
    await expect(publishRelease(s3.client, target, { catalog, model: "{" })).rejects.toBeInstanceOf(
      InvalidModelError,
    );
    expect(s3.requests.slice(before)).toEqual([]);
  });

  it("refuses a catalog that is not one, before uploading anything", async () => {
    const before = s3.requests.length;
    const notSqlite = new TextEncoder().encode("not a database");
    await expect(
      publishRelease(s3.client, target, { catalog: notSqlite, model: fixtureModelJson() }),
    ).rejects.toBeInstanceOf(InvalidCatalogError);
    expect(s3.requests.slice(before)).toEqual([]);
  });

  it("lists nothing in an empty bucket", async () => {
    expect(await listReleases(s3.client, { ...target, pointerKey: "other/current.json" })).toEqual({
      versions: [],
      current: undefined,
    });
  });
});
