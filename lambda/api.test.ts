import { describe, expect, it } from "vitest";
import { type ApiRequest, ROUTES, respond, UNAVAILABLE_BODY } from "./api.ts";
import { ArtifactUnavailableError } from "./artifacts.ts";
import { InvalidModelError } from "./model.ts";

const request: ApiRequest = {
  method: "GET",
  path: "/",
  rawQuery: "q_sr_id=1&m_sr_id=2",
  query: { q_sr_id: "1", m_sr_id: "2" },
};

describe("respond", () => {
  it("answers 500 without internals when something unexpected fails", async () => {
    const secret = new Error("ENOENT /var/task/secret/path.db at Object.<anonymous>");
    const response = await respond(request, () => Promise.reject(secret));
    expect(response).toMatchObject({ status: 500, body: { error: "internal error" } });
    expect(JSON.stringify(response.body)).not.toMatch(/secret|ENOENT|anonymous/);
    expect(response.cause).toBe(secret);
  });

  it("answers 503 without the reason when the model is refused", async () => {
    const response = await respond(request, () =>
      Promise.reject(new InvalidModelError("features differ: a,b")),
    );
    expect(response.status).toBe(503);
    expect(JSON.stringify(response.body)).not.toMatch(/features differ/);
  });

  it("answers 503 saying only to retry when an artifact cannot be read; the cause stays in the log", async () => {
    const cause = new ArtifactUnavailableError("cannot read /srv/x/catalog.db: ENOENT");
    const response = await respond(request, () => Promise.reject(cause));
    expect(response).toMatchObject({ status: 503, body: UNAVAILABLE_BODY, cause });
    expect(JSON.stringify(response.body)).not.toMatch(/srv|catalog|ENOENT/);
  });

  it.each([
    ["GET", "/nowhere", 404],
    ["POST", "/nowhere", 404],
    ["POST", "/", 405],
    ["DELETE", "/health", 405],
    ["GET", "/__proto__", 404],
    ["GET", "/constructor", 404],
  ])("answers %s %s with %d and names the route for metrics", async (method, path, status) => {
    const response = await respond({ ...request, method, path }, () => Promise.reject(new Error("unused")));
    expect(response.status).toBe(status);
    expect(response.route).toBe(status === 404 ? "unmatched" : path);
  });

  it("serves exactly the routes of its table", () => {
    expect(Object.keys(ROUTES)).toEqual(["/", "/health", "/matches", "/openapi.json"]);
  });
});
