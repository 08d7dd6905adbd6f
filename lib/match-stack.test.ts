import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POINTER_KEY } from "../lambda/s3-source.ts";
import { releasePointer } from "../training/release.ts";
import { LAZY_PACKAGES } from "./bundling.ts";
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

  it("bundles index.js with sql.js's wasm and the lazily loaded packages beside it, locally", () => {
    const assembly = app.synth();
    const fn = Object.values(template.findResources("AWS::Lambda::Function"))[0] as {
      Properties: { Code: { S3Key: string } };
    };
    const hash = fn.Properties.Code.S3Key.replace(/\.zip$/, "");
    const asset = join(assembly.directory, `asset.${hash}`);
    expect(readdirSync(asset).sort()).toEqual(["index.js", "node_modules", "sql-wasm.wasm"]);
    for (const name of LAZY_PACKAGES)
      expect(existsSync(join(asset, "node_modules", name, "index.js"))).toBe(true);
  });

  it("sends every method and path to the function, each route IAM-authorised, through a throttled, logged stage", () => {
    template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    const routes = Object.values(template.findResources("AWS::ApiGatewayV2::Route")).map(
      (route) => (route as { Properties: { RouteKey: string; AuthorizationType: string } }).Properties,
    );
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(["ANY /", "ANY /{proxy+}"]);
    expect(routes.every((route) => route.AuthorizationType === "AWS_IAM")).toBe(true);
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

  it("grants execute-api:Invoke on the API to the invokers given, and to no one else", () => {
    expect(template.findResources("AWS::IAM::ManagedPolicy")).not.toEqual({});
    const none = Object.values(template.findResources("AWS::IAM::ManagedPolicy"))[0] as {
      Properties: Record<string, unknown>;
    };
    expect(none.Properties.Roles).toBeUndefined();
    const { template: granted } = synth(
      { invokers: ["arn:aws:iam::111122223333:role/matcher-client", "arn:aws:iam::111122223333:user/ci"] },
      false,
    );
    granted.hasResourceProperties("AWS::IAM::ManagedPolicy", {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Action: "execute-api:Invoke", Effect: "Allow", Resource: Match.anyValue() }),
        ],
      },
      Roles: ["matcher-client"],
      Users: ["ci"],
    });
    granted.hasOutput("InvokePolicyArn", { Value: Match.anyValue() });
  });

  it("refuses an invoker that is not an IAM role or user", () => {
    expect(() => synth({ invokers: ["arn:aws:s3:::bucket"] }, false)).toThrow(/not an IAM role or user ARN/);
    expect(() => synth({ invokers: ["nope"] }, false)).toThrow(/not an IAM role or user ARN/);
  });

  it("keeps a catalog table keyed by sr_id: on-demand, point-in-time recovery, encrypted, retained", () => {
    template.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      Properties: {
        KeySchema: [{ AttributeName: "sr_id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
    template.hasOutput("CatalogTableName", { Value: Match.anyValue() });
  });

  it("lets the function read the table by key only, and only when configured to use it", () => {
    const dynamo = (t: Template) =>
      statements(t)
        .flatMap((s) => ([] as string[]).concat(s.Action))
        .filter((a) => a.startsWith("dynamodb:"));
    expect(dynamo(template)).toEqual([]);
    const { template: withTable } = synth({ catalogStore: "dynamodb" }, false);
    expect(dynamo(withTable).sort()).toEqual(["dynamodb:BatchGetItem", "dynamodb:GetItem"]);
    const table = Object.keys(withTable.findResources("AWS::DynamoDB::Table"))[0];
    withTable.hasResourceProperties("AWS::Lambda::Function", {
      Environment: { Variables: Match.objectLike({ CATALOG_TABLE: { Ref: table } }) },
    });
  });

  it("traces the function with X-Ray", () => {
    template.hasResourceProperties("AWS::Lambda::Function", { TracingConfig: { Mode: "Active" } });
  });

  it.each([
    ["FunctionErrors", "AWS/Lambda", "Errors"],
    ["FunctionThrottles", "AWS/Lambda", "Throttles"],
    ["DurationP99", "AWS/Lambda", "Duration"],
    ["Api5xx", "AWS/ApiGateway", "5xx"],
    ["UnavailableShare", "SrMatch", "Unavailable"],
    ["ValidShareLow", "SrMatch", "ValidDecision"],
    ["ValidShareHigh", "SrMatch", "ValidDecision"],
  ])("alarms on %s (%s %s)", (name, namespace, metric) => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: `sr-match-test-${name}`,
      Namespace: namespace,
      MetricName: metric,
      TreatMissingData: "notBreaching",
    });
  });

  it("alarms on p99 duration, the 503 share and the valid share with their statistics", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "sr-match-test-DurationP99",
      ExtendedStatistic: "p99",
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "sr-match-test-UnavailableShare",
      Statistic: "Average",
      Dimensions: [{ Name: "service", Value: "sr-match" }],
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "sr-match-test-ValidShareLow",
      Period: 3600,
    });
  });

  it("notifies an SNS topic from every alarm when given one", () => {
    const topic = "arn:aws:sns:eu-west-1:111122223333:pager";
    const { template: notified } = synth({ alarmTopicArn: topic }, false);
    const alarms = Object.values(notified.findResources("AWS::CloudWatch::Alarm")) as {
      Properties: { AlarmActions?: string[] };
    }[];
    expect(alarms).toHaveLength(7);
    expect(alarms.every((alarm) => alarm.Properties.AlarmActions?.[0] === topic)).toBe(true);
  });

  it("draws one dashboard of traffic, latency, decisions, probability and artifact loads", () => {
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    const body = JSON.stringify(Object.values(template.findResources("AWS::CloudWatch::Dashboard"))[0]);
    for (const metric of [
      "Requests",
      "Latency",
      "ValidDecision",
      "Probability",
      "ArtifactLoads",
      "ArtifactLoadFailures",
    ]) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
  });
});
