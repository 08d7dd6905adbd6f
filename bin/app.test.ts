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
    expect((await readdir(asset)).sort()).toEqual(["index.js", "node_modules", "sql-wasm.wasm"]);
    // The batch dedupe stack (issue 12) beside it, with its own worker bundle.
    const dedupe = JSON.parse(await readFile(join(outdir, "SrMatchDedupeStack-ci.template.json"), "utf8"));
    const worker = Object.values(
      dedupe.Resources as Record<string, { Type: string; Properties: never }>,
    ).find((resource) => resource.Type === "AWS::Lambda::Function") as {
      Properties: { FunctionName: string; Code: { S3Key: string } };
    };
    expect(worker.Properties.FunctionName).toBe("sr-match-dedupe-ci");
    expect(worker.Properties.Code.S3Key).not.toBe(fn.Properties.Code.S3Key);
  }, 240_000);

  it("synthesises the IAM authoriser, the invokers' policy, alarms, dashboard and catalog table", async () => {
    const invoker = "arn:aws:iam::111122223333:role/caller";
    await run(
      CDK,
      [
        "synth",
        "--no-notices",
        "-q",
        "-o",
        outdir,
        "-c",
        "stage=ci2",
        "-c",
        `invokers=${invoker}`,
        "-c",
        "catalog=dynamodb",
      ],
      { env: offlineEnv() },
    );
    const template = JSON.parse(await readFile(join(outdir, "SrMatchStack-ci2.template.json"), "utf8"));
    const types = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    );
    const ofType = (type: string) => types.filter((resource) => resource.Type === type);
    expect(ofType("AWS::ApiGatewayV2::Route").map((route) => route.Properties.AuthorizationType)).toEqual([
      "AWS_IAM",
      "AWS_IAM",
    ]);
    expect(ofType("AWS::IAM::ManagedPolicy")[0]?.Properties.Roles).toEqual(["caller"]);
    expect(ofType("AWS::CloudWatch::Alarm")).toHaveLength(7);
    expect(ofType("AWS::CloudWatch::Dashboard")).toHaveLength(1);
    expect(ofType("AWS::DynamoDB::Table")).toHaveLength(1);
    const fn = ofType("AWS::Lambda::Function")[0] as unknown as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    expect(Object.keys(fn.Properties.Environment.Variables)).toContain("CATALOG_TABLE");
  }, 240_000);

  it("refuses an unknown catalog store", async () => {
    const failure = run(CDK, ["synth", "--no-notices", "-q", "-o", outdir, "-c", "catalog=redis"], {
      env: offlineEnv(),
    });
    await expect(failure).rejects.toThrow(/catalog .* must be sqljs or dynamodb/);
  });

  it("refuses a malformed stage, naming where it came from", async () => {
    const failure = run(CDK, ["synth", "--no-notices", "-q", "-o", outdir], {
      env: offlineEnv({ SR_MATCH_STAGE: "Prod_1" }),
    });
    await expect(failure).rejects.toThrow(/stage \(context "stage" or SR_MATCH_STAGE\) must be lower-case/);
  });
});
