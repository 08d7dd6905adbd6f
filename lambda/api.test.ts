import { describe, expect, it } from "vitest";
import { type ApiRequest, respond } from "./api.ts";
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
});
