import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `cdk synth` as a user runs it: the pinned CLI, this cdk.json, no AWS credentials, no network.
const run = promisify(execFile);
const CDK = join("node_modules", ".bin", "cdk");
let outdir: string;

/** The environment without anything that could reach AWS or pick an account. */
function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|CDK_)/.test(name)));
  return { ...env, AWS_EC2_METADATA_DISABLED: "true", CDK_DISABLE_VERSION_CHECK: "true", ...extra };
}

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), "cdk-out-"));
});

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe("cdk synth", () => {
  it("synthesises the stage's stack offline, bundling the handler locally", async () => {
    await run(CDK, ["synth", "--no-notices", "-q", "-o", outdir, "-c", "stage=ci"], { env: offlineEnv() });
    const template = JSON.parse(await readFile(join(outdir, "SrMatchStack-ci.template.json"), "utf8"));
    const fn = Object.values(template.Resources as Record<string, { Type: string; Properties: never }>).find(
      (resource) => resource.Type === "AWS::Lambda::Function",
    ) as { Properties: { FunctionName: string; Code: { S3Key: string } } };
    expect(fn.Properties.FunctionName).toBe("sr-match-ci");
    const asset = join(outdir, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, "")}`);
    expect((await readdir(asset)).sort()).toEqual(["index.js", "sql-wasm.wasm"]);
  });

  it("refuses a malformed stage, naming where it came from", async () => {
    const failure = run(CDK, ["synth", "--no-notices", "-q", "-o", outdir], {
      env: offlineEnv({ SR_MATCH_STAGE: "Prod_1" }),
    });
    await expect(failure).rejects.toThrow(/stage \(context "stage" or SR_MATCH_STAGE\) must be lower-case/);
  });
});
