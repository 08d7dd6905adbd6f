import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { catalogBytes, EXAMPLE_RECORDS } from "./catalog-fixture.ts";
import { apiEvent } from "./event-fixture.ts";
import { modelFixture } from "./model-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "sr-match-unavailable-"));
process.env.CATALOG_PATH = join(dir, "db.db");
process.env.MODEL_PATH = join(dir, "model.json");
const { handler } = await import("./handler.ts");

async function call(query: string) {
  const result = (await handler(apiEvent("GET", "/", query))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(result.body ?? "") };
}

describe("handler without its artifacts", () => {
  it("answers 503 while the files are missing, then recovers once they appear", async () => {
    const missing = await call("q_sr_id=123&m_sr_id=456");
    expect(missing.status).toBe(503);
    expect(missing.body.error).toMatch(/cannot read .*ENOENT/);
    expect((await handler(apiEvent("GET", "/health"))).statusCode).toBe(503);

    writeFileSync(join(dir, "db.db"), await catalogBytes(EXAMPLE_RECORDS));
    writeFileSync(join(dir, "model.json"), JSON.stringify(modelFixture()));
    expect(await call("q_sr_id=123&m_sr_id=456")).toEqual({ status: 200, body: { class: "valid" } });
  });
});
