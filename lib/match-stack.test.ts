import { readdirSync } from "node:fs";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POINTER_KEY } from "../lambda/s3-source.ts";
import { releasePointer } from "../training/release.ts";
import { MatchStack, type MatchStackProps } from "./match-stack.ts";

/** Synthesises the stack; `bundle: false` skips esbuild for tests that only read the template. */
function synth(props: Partial<MatchStackProps> = {}, bundle = true) {
  const app = new App(bundle ? {} : { context: { "aws:cdk:bundling-stacks": [] } });
  const stack = new MatchStack(app, "Test", { stage: "test", pointerKey: DEFAULT_POINTER_KEY, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function statements(template: Template): Statement[] {
  return Object.values(template.findResources("AWS::IAM::Policy")).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

/** The object-key patterns an ARN list grants, e.g. "releases/*\/db.db", from Fn::Join parts. */
function grantedKeys(resources: unknown): string[] {
  return ([] as unknown[]).concat(resources).map((arn) => {
    const parts = (arn as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1];
    return String(parts.at(-1)).replace(/^\//, "");
  });
}

function globMatches(pattern: string, key: string): boolean {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.]/g, "\\."))
      .join("[^/]+")}$`,
  ).test(key);
}

describe("MatchStack", () => {
  let template: Template;
  let app: App;

  beforeAll(() => {
    ({ template, app } = synth());
  });

  it("runs the handler on Node 22, ARM64, sized from the measured footprint", () => {
    template.resourceCountIs("AWS::Lambda::Function", 1);
    template.hasResourceProperties("AWS::Lambda::Function", {
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Handler: "index.handler",
      MemorySize: 1024,
      Timeout: 15,
    });
  });

  it("tells the function where the artifacts are", () => {
    const bucket = template.findResources("AWS::S3::Bucket");
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: {
          ARTIFACT_BUCKET: { Ref: Object.keys(bucket)[0] },
          ARTIFACT_POINTER_KEY: "releases/current.json",
        },
      },
    });
  });

  it("bundles index.js with sql.js's wasm beside it, locally", () => {
    const assembly = app.synth();
    const fn = Object.values(template.findResources("AWS::Lambda::Function"))[0] as {
      Properties: { Code: { S3Key: string } };
    };
    const hash = fn.Properties.Code.S3Key.replace(/\.zip$/, "");
    expect(readdirSync(join(assembly.directory, `asset.${hash}`)).sort()).toEqual([
      "index.js",
      "sql-wasm.wasm",
    ]);
  });

  it("routes GET / and GET /health to the function through a throttled, logged default stage", () => {
    template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    const routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map(
      (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
    );
    expect(routes.sort()).toEqual(["GET /", "GET /health"]);
    template.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
    });
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp("requestId") },
    });
  });

  it("keeps the artifact bucket private, encrypted, TLS-only and versioned", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      VersioningConfiguration: { Status: "Enabled" },
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Action: "s3:*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ]),
      },
    });
  });

  it("lets the function read only the pointer, catalog and model objects", () => {
    const s3 = statements(template).filter((s) => JSON.stringify(s.Action).includes("s3:"));
    expect(s3).toHaveLength(1);
    expect(s3[0]?.Action).toBe("s3:GetObject");
    expect(grantedKeys(s3[0]?.Resource)).toEqual([
      "releases/current.json",
      "releases/*/db.db",
      "releases/*/model.json",
    ]);
    const actions = statements(template).flatMap((s) => ([] as string[]).concat(s.Action));
    expect(actions.filter((action) => action.includes("*"))).toEqual([]);
  });

  it("grants exactly the keys an upload writes, for any pointer key", () => {
    for (const pointerKey of [DEFAULT_POINTER_KEY, "models/live.json"]) {
      const s3 = statements(synth({ pointerKey }, false).template).find((s) => s.Action === "s3:GetObject");
      const granted = grantedKeys(s3?.Resource);
      const release = releasePointer(pointerKey, "20250101T000000Z-0123abcd");
      for (const key of [pointerKey, release.catalogKey, release.modelKey]) {
        expect(granted.some((pattern) => globMatches(pattern, key))).toBe(true);
      }
      expect(granted.some((pattern) => globMatches(pattern, `${release.catalogKey}.bak`))).toBe(false);
    }
  });

  it("outputs the API URL and the bucket name", () => {
    template.hasOutput("ApiUrl", { Value: Match.anyValue() });
    template.hasOutput("BucketName", { Value: { Ref: Match.stringLikeRegexp("^Artifacts") } });
  });

  it("takes a fixed bucket name and throttle when given", () => {
    const custom = synth(
      { bucketName: "sr-match-artifacts-x", throttle: { rateLimit: 5, burstLimit: 10 } },
      false,
    );
    custom.template.hasResourceProperties("AWS::S3::Bucket", { BucketName: "sr-match-artifacts-x" });
    custom.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
  });
});
