import { App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { DEFAULT_POINTER_KEY } from "../lambda/s3-source.ts";
import { DedupeStack } from "../lib/dedupe-stack.ts";
import { MatchStack } from "../lib/match-stack.ts";

// Composition root: the only place reading deployment settings. Each comes from CDK context
// (`-c stage=prod`) or else the environment (SR_MATCH_STAGE=prod), read once here.
const app = new App();

function setting(contextKey: string, envName: string): string | undefined {
  const value = app.node.tryGetContext(contextKey) ?? process.env[envName];
  if (value !== undefined && typeof value !== "string") throw new TypeError(`${contextKey} must be a string`);
  return value || undefined;
}

const stage = setting("stage", "SR_MATCH_STAGE") ?? "dev";
if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) {
  throw new TypeError(
    `stage (context "stage" or SR_MATCH_STAGE) must be lower-case kebab-case, not ${stage}`,
  );
}

const catalogStore = setting("catalog", "SR_MATCH_CATALOG") ?? "sqljs";
if (catalogStore !== "sqljs" && catalogStore !== "dynamodb") {
  throw new TypeError(
    `catalog (context "catalog" or SR_MATCH_CATALOG) must be sqljs or dynamodb, not ${catalogStore}`,
  );
}

const stack = new MatchStack(app, `SrMatchStack-${stage}`, {
  stage,
  // Principals allowed to call the API: `-c invokers=arn:aws:iam::<account>:role/a,arn:...:user/b`.
  invokers: (setting("invokers", "SR_MATCH_INVOKERS") ?? "")
    .split(",")
    .map((arn) => arn.trim())
    .filter(Boolean),
  catalogStore,
  alarmTopicArn: setting("alarmTopicArn", "SR_MATCH_ALARM_TOPIC_ARN"),
  bucketName: setting("bucketName", "SR_MATCH_BUCKET"),
  pointerKey: setting("pointerKey", "SR_MATCH_POINTER_KEY") ?? DEFAULT_POINTER_KEY,
  // Account and region of the deploying credentials; absent offline, which synth allows.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// The batch dedupe of a whole catalog (issue 12): Athena, Step Functions Distributed Map, the scorer Lambda.
const dedupe = new DedupeStack(app, `SrMatchDedupeStack-${stage}`, {
  stage,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
for (const s of [stack, dedupe]) {
  Tags.of(s).add("service", "sr-match");
  Tags.of(s).add("stage", stage);
}
// Every synth and deploy runs the AWS Solutions checks; an unsuppressed error fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
