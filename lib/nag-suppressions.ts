import { Stack, Validations } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import type { Role } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Bucket, CfnBucket } from "aws-cdk-lib/aws-s3";

/** The constructs cdk-nag's AwsSolutions pack has findings on, and the release layout granted. */
export interface NagSubjects {
  bucket: Bucket;
  role: Role;
  fn: IFunction;
  api: HttpApi;
  /** Object patterns of the role's s3:GetObject grant, e.g. "releases/*\/db.db". */
  releaseObjects: readonly string[];
}

/** Acknowledges the AwsSolutions findings accepted on purpose, each with its reason. */
export function acknowledgeFindings({ bucket, role, fn, api, releaseObjects }: NagSubjects): void {
  Validations.of(bucket).acknowledge({
    id: "AwsSolutions::AwsSolutions-S1",
    reason:
      "Holds only release artifacts written by `npm run upload` and read by one function role; versioning " +
      "keeps every pointer change and release objects are never overwritten, so access logs add no audit " +
      "value here (CloudTrail data events can be enabled per account if required).",
  });
  const bucketLogicalId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnBucket);
  for (const pattern of releaseObjects) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${pattern}]`,
      reason:
        "The wildcard is the release version segment (releases/<version>/...), needed so a new release " +
        "needs no deploy; the grant is s3:GetObject only, on db.db and model.json objects, no List.",
    });
  }
  Validations.of(fn).acknowledge({
    id: "AwsSolutions::AwsSolutions-L1",
    reason:
      "Node.js 22 is the runtime the bundle is built for (esbuild target node22) and tested against; " +
      "moving to a newer runtime is a deliberate change with its own test run.",
  });
  for (const route of api.node.children.filter((child) => child.node.id.startsWith("GET--"))) {
    Validations.of(route).acknowledge({
      id: "AwsSolutions::AwsSolutions-APIG4",
      reason:
        "Public, read-only matching API by specification (GET / and GET /health, no user data); abuse is " +
        "bounded by stage throttling. Add an authorizer here if callers become known.",
    });
  }
}
