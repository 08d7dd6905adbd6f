import { type CfnElement, Stack, Token, Validations } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import type { ManagedPolicy, Role } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Bucket, CfnBucket } from "aws-cdk-lib/aws-s3";

/** The constructs cdk-nag's AwsSolutions pack has findings on, and the release layout granted. */
export interface NagSubjects {
  bucket: Bucket;
  role: Role;
  fn: IFunction;
  api: HttpApi;
  /** The policy granting execute-api:Invoke on the API's routes. */
  invokePolicy: ManagedPolicy;
  /** Object patterns of the role's s3:GetObject grant, e.g. "releases/*\/db.db". */
  releaseObjects: readonly string[];
}

/** Acknowledges the AwsSolutions findings accepted on purpose, each with its reason. */
export function acknowledgeFindings({
  bucket,
  role,
  fn,
  api,
  releaseObjects,
  invokePolicy,
}: NagSubjects): void {
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
  Validations.of(role).acknowledge({
    id: "AwsSolutions::AwsSolutions-IAM5[Resource::*]",
    reason:
      "X-Ray's PutTraceSegments and PutTelemetryRecords, added by active tracing, support no resource-level " +
      "permissions; '*' is the only resource AWS accepts for them.",
  });
  const stack = Stack.of(api);
  const apiLogicalId = stack.getLogicalId(api.node.defaultChild as CfnElement);
  // cdk-nag names unresolved parts as <AWS::Partition> etc., and known ones (an env's region) as they are.
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  const executeApi = `arn:${part(stack.partition, "Partition")}:execute-api:${part(stack.region, "Region")}:${part(stack.account, "AccountId")}`;
  Validations.of(invokePolicy).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::${executeApi}:<${apiLogicalId}>/$default/*/*]`,
    reason:
      "Every method and path of this one API's default stage: the function answers unknown paths and methods " +
      "itself (404/405), so an invoker must reach them all to get those answers; no other API is granted.",
  });
}
