import { describe, expect, it } from "vitest";
import { type ApiRequest, respond } from "./api.ts";
import { Catalog } from "./catalog.ts";
import { catalogBytes, EXAMPLE_RECORDS } from "./catalog-fixture.ts";
import { matchesLimit } from "./matches.ts";
import { modelFixture } from "./model-fixture.ts";

const get = (query: Record<string, string>): ApiRequest => ({
  method: "GET",
  path: "/matches",
  rawQuery: new URLSearchParams(query).toString(),
  query,
});

describe("GET /matches", () => {
  const matcher = async () => ({
    catalog: await Catalog.open(await catalogBytes(EXAMPLE_RECORDS)),
    model: modelFixture(),
  });

  it("answers 400 for a missing sr_id or a limit out of range, before loading anything", async () => {
    const never = () => Promise.reject(new Error("must not load"));
    expect((await respond(get({}), never)).body).toEqual({ error: "missing query parameter sr_id" });
    for (const limit of ["0", "11", "x", "1.5", "-1"]) {
      const response = await respond(get({ sr_id: "123", limit }), never);
      expect(response.status).toBe(400);
    }
  });

  it("answers 404 for an unknown id", async () => {
    const loaded = await matcher();
    const response = await respond(get({ sr_id: "nope" }), async () => loaded);
    expect(response).toMatchObject({ status: 404, body: { error: "unknown sr_id: nope" } });
  });

  it("answers 503 when the release's catalog has no retrieval index", async () => {
    const loaded = await matcher();
    const response = await respond(get({ sr_id: "123" }), async () => loaded);
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ error: "service unavailable; retry later" });
    expect(String(response.cause)).toMatch(/no retrieval index/);
  });
});

describe("matchesLimit", () => {
  it.each([
    [undefined, 10],
    ["1", 1],
    ["10", 10],
  ])("reads %s as %i", (raw, n) => {
    expect(matchesLimit(raw)).toBe(n);
  });
});
