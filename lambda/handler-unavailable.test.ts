import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { apiEvent } from "./event-fixture.ts";
import { fixturePaths, writeFixtureArtifacts } from "./fixture-files.ts";

const paths = fixturePaths();
process.env.CATALOG_PATH = paths.catalogPath;
process.env.MODEL_PATH = paths.modelPath;
process.env.ARTIFACT_RETRY_SECONDS = "0.2";
const { handler } = await import("./handler.ts");

async function call(query: string) {
  const result = (await handler(apiEvent("GET", "/", query))) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(result.body ?? "") };
}

describe("handler without its artifacts", () => {
  it("answers 503 naming nothing while the files are missing, then recovers after the back-off", async () => {
    const missing = await call("q_sr_id=123&m_sr_id=456");
    expect(missing).toEqual({ status: 503, body: { error: "service unavailable; retry later" } });
    expect(JSON.stringify(missing.body)).not.toMatch(/ENOENT|cannot read|\.db|\.json|\//);
    expect((await handler(apiEvent("GET", "/health"))).statusCode).toBe(503);

    await writeFixtureArtifacts(paths);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await call("q_sr_id=123&m_sr_id=456")).toEqual({ status: 200, body: { class: "valid" } });
  });
});
