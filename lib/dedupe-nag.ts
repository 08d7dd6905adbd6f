import { type CfnElement, Stack, Token, Validations } from "aws-cdk-lib";
import type { Role } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Bucket, CfnBucket } from "aws-cdk-lib/aws-s3";

/** The constructs of DedupeStack with accepted AwsSolutions findings. */
export interface DedupeNagSubjects {
  bucket: Bucket;
  workerRole: Role;
  stateMachineRole: Role;
  /** The scorer and the centroids function: the same code, different memory. */
  workers: readonly IFunction[];
  databaseName: string;
  stateMachineName: string;
}

/** Acknowledges the AwsSolutions findings of the batch dedupe stack accepted on purpose, with reasons. */
export function acknowledgeDedupeFindings({
  bucket,
  workerRole,
  stateMachineRole,
  workers,
  databaseName,
  stateMachineName,
}: DedupeNagSubjects): void {
  const stack = Stack.of(bucket);
  // cdk-nag names unresolved parts as <AWS::Partition> etc., and known ones (an env's region) as they are.
  const part = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  const arn = (service: string) =>
    `arn:${part(stack.partition, "Partition")}:${service}:${part(stack.region, "Region")}:${part(stack.account, "AccountId")}`;
  for (const worker of workers) {
    const workerId = stack.getLogicalId(worker.node.defaultChild as CfnElement);
    Validations.of(stateMachineRole).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${workerId}.Arn>:*]`,
      reason:
        "Any version or alias of this worker function; the Lambda invoke integration may name a qualified ARN.",
    });
  }
  Validations.of(stateMachineRole).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::${arn("glue")}:table/${databaseName}/*]`,
    reason:
      "Every table of this stack's own Glue database (the stages read and insert into each, and Athena adds " +
      "partitions); no other database is granted.",
  });
  Validations.of(stateMachineRole).acknowledge({
    id: `AwsSolutions::AwsSolutions-IAM5[Resource::${arn("states")}:execution:${stateMachineName}:*]`,
    reason:
      "The Distributed Map's child executions of this one state machine, named at run time; DescribeExecution " +
      "and StopExecution on them only.",
  });
  Validations.of(bucket).acknowledge({
    id: "AwsSolutions::AwsSolutions-S1",
    reason:
      "Holds a catalog snapshot and the intermediate tables of dedupe runs, written and read only by the " +
      "stack's state machine role and worker role; CloudTrail data events can audit access if an account requires it.",
  });
  const bucketId = Stack.of(bucket).getLogicalId(bucket.node.defaultChild as CfnBucket);
  const reasonPrefix =
    "The wildcard is the object key below one prefix of this bucket (a run's partitions and shard files, " +
    "named by Athena and the Distributed Map at run time); no other bucket or prefix is granted.";
  for (const role of [workerRole, stateMachineRole]) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason: reasonPrefix,
    });
    for (const prefix of [
      "model/",
      "tables/",
      "athena-results/",
      "map-results/",
      "tables/pair_shards/",
      "tables/repair_rows/",
      "tables/scores/",
      "tables/repaired/",
      "tables/record_shards/",
      "tables/ivf_centroids/",
      "tables/ivf_members/",
      "tables/knn_hits/",
    ]) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason: reasonPrefix,
      });
    }
  }
  Validations.of(stateMachineRole).acknowledge({
    id: "AwsSolutions::AwsSolutions-IAM5[Resource::*]",
    reason:
      "X-Ray's PutTraceSegments/PutTelemetryRecords and CloudWatch Logs' log-delivery actions, added by tracing " +
      "and logging, support no resource-level permissions; '*' is the only resource AWS accepts for them.",
  });
  for (const worker of workers)
    Validations.of(worker).acknowledge({
      id: "AwsSolutions::AwsSolutions-L1",
      reason:
        "Node.js 22 is the runtime the bundle is built for (esbuild target node22) and tested against; moving " +
        "to a newer runtime is a deliberate change with its own test run.",
    });
}
