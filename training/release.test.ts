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
  // Each test works under its own pointer key, so none depends on another having run.
  let targets = 0;
  const ownTarget = () => ({ bucket: target.bucket, pointerKey: `t${++targets}/current.json` });
  const servedFrom = (own: typeof target) => s3Source({ ...own, client: s3.client });
  const secondModel = fixtureModelJson({ intercept: -3 });

  /** Two releases a month apart, the second one current. */
  async function twoReleases(own: typeof target): Promise<[string, string]> {
    const first = await publishRelease(
      s3.client,
      own,
      { catalog, model: fixtureModelJson() },
      new Date("2025-01-01T00:00:00Z"),
    );
    const second = await publishRelease(
      s3.client,
      own,
      { catalog, model: secondModel },
      new Date("2025-02-01T00:00:00Z"),
    );
    return [first.version, second.version];
  }

  it("uploads both files under a new version and moves the pointer the function reads", async () => {
    const own = ownTarget();
    const pointer = await publishRelease(
      s3.client,
      own,
      { catalog, model: fixtureModelJson() },
      new Date("2025-01-01T00:00:00Z"),
    );
    expect(pointer.catalogKey).toBe(`t${targets}/${pointer.version}/db.db`);
    const source = servedFrom(own);
    const artifacts = await source.fetch();
    expect(artifacts.model).toBe(fixtureModelJson());
    expect(Buffer.from(artifacts.catalog ?? []).equals(Buffer.from(catalog))).toBe(true);
    expect(source.description).toContain(`(release ${pointer.version})`);
  });

  it("lists versions oldest first with the current one", async () => {
    const own = ownTarget();
    const [first, second] = await twoReleases(own);
    expect(await listReleases(s3.client, own)).toEqual({ versions: [first, second], current: second });
    expect((await servedFrom(own).fetch()).model).toBe(secondModel);
  });

  it("rolls the pointer back to an earlier version", async () => {
    const own = ownTarget();
    const [first] = await twoReleases(own);
    await rollback(s3.client, own, first);
    expect((await servedFrom(own).fetch()).model).toBe(fixtureModelJson());
    expect((await listReleases(s3.client, own)).current).toBe(first);
  });

  it("refuses to roll back to a version that was never uploaded, leaving the pointer", async () => {
    const own = ownTarget();
    const [, second] = await twoReleases(own);
    await expect(rollback(s3.client, own, "20240101T000000Z-00000000")).rejects.toThrow(
      "release 20240101T000000Z-00000000 is incomplete",
    );
    await expect(rollback(s3.client, own, "../x")).rejects.toThrow("not a release version: ../x");
    expect((await listReleases(s3.client, own)).current).toBe(second);
  });

  it("refuses a model the function would refuse, before uploading anything", async () => {
    const own = ownTarget();
    const before = s3.requests.length;
    const renamed = JSON.stringify({ ...fixtureModel(), featureNames: ["title_sim"] });
    await expect(publishRelease(s3.client, own, { catalog, model: renamed })).rejects.toBeInstanceOf(
      InvalidModelError,
    );
    await expect(publishRelease(s3.client, own, { catalog, model: "{" })).rejects.toBeInstanceOf(
      InvalidModelError,
    );
    expect(s3.requests.slice(before)).toEqual([]);
  });

  it("refuses a catalog that is not one, before uploading anything", async () => {
    const own = ownTarget();
    const before = s3.requests.length;
    const notSqlite = new TextEncoder().encode("not a database");
    await expect(
      publishRelease(s3.client, own, { catalog: notSqlite, model: fixtureModelJson() }),
    ).rejects.toBeInstanceOf(InvalidCatalogError);
    expect(s3.requests.slice(before)).toEqual([]);
  });

  it("lists nothing in an empty bucket", async () => {
    expect(await listReleases(s3.client, ownTarget())).toEqual({ versions: [], current: undefined });
  });
});
