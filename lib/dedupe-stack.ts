import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import { CfnWorkGroup } from "aws-cdk-lib/aws-athena";
import { Effect, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime } from "aws-cdk-lib/aws-lambda";
import { type BundlingOptions, NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from "aws-cdk-lib/aws-stepfunctions";
import type { Construct } from "constructs";
import {
  CENTROIDS_MEMORY_MB,
  DEFAULT_LIMITS,
  dedupeDefinition,
  type MapLimits,
  MODEL_KEY,
  tablePrefix,
  WORKER_MEMORY_MB,
} from "../training/dedupe-batch/definition.ts";
import { bundleSourceHash, functionBundling, PROJECT_ROOT } from "./bundling.ts";
import { acknowledgeDedupeFindings } from "./dedupe-nag.ts";
import { glueTables } from "./glue-tables.ts";
import { NATIVE_PACKAGES, nativePackageCopies } from "./native-packages.ts";

/** The batch scorer's entry: reads shards from S3, scores or repairs them, writes JSON lines back. */
export const WORKER_ENTRY = fileURLToPath(
  new URL("../training/dedupe-batch/worker-handler.ts", import.meta.url),
);

/**
 * The worker bundle's asset hash: the API bundle's inputs (lambda/, lockfile, settings) plus the
 * dedupe sources the worker imports, so it never collides with the API's asset and changes with them.
 */
export function workerSourceHash(): string {
  const hash = createHash("sha256").update(bundleSourceHash());
  for (const folder of ["training/dedupe-batch", "training/dedupe"]) {
    const dir = join(PROJECT_ROOT, folder);
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith(".ts") && !name.endsWith(".test.ts"))
        hash.update(name).update(readFileSync(join(dir, name)));
    }
  }
  return hash.digest("hex");
}

/**
 * The worker's bundling: the API's settings, plus usearch (the IVF steps' native kNN search) left
 * out of the bundle and copied beside it with its linux-arm64 prebuilt binary and the two small
 * packages that load it, offline (no npm install at synth).
 */
export function workerBundling(): BundlingOptions {
  const base = functionBundling();
  return {
    ...base,
    assetHash: workerSourceHash(),
    externalModules: [...(base.externalModules ?? []), ...NATIVE_PACKAGES],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        ...(base.commandHooks?.afterBundling(inputDir, outputDir) ?? []),
        ...nativePackageCopies(outputDir),
      ],
    },
  };
}

/** What the embedding stage's worker steps (IVF) read and write under `tables/`. */
export const IVF_PREFIXES = {
  reads: [tablePrefix("record_shards"), tablePrefix("ivf_centroids"), tablePrefix("ivf_members")],
  writes: [tablePrefix("ivf_centroids"), tablePrefix("ivf_members"), tablePrefix("knn_hits")],
} as const;

/** Prefixes of the data bucket: what each principal may read and write. */
export const PREFIXES = {
  model: "model/",
  athenaResults: "athena-results/",
  mapResults: "map-results/",
  tables: "tables/",
} as const;

export interface DedupeStackProps extends StackProps {
  stage: string;
  /** Bytes one Athena query may scan before Athena cancels it. Default 1 TB. */
  bytesScannedCutoffPerQuery?: number;
  limits?: MapLimits;
}

/**
 * The batch dedupe of issue 12: an S3 data bucket, Glue tables over it, an Athena workgroup, the
 * scorer Lambda (same lambda/ modules as the API) and a Step Functions state machine running the
 * stages (training/dedupe-batch/definition.ts).
 */
export class DedupeStack extends Stack {
  readonly bucket: Bucket;
  readonly worker: NodejsFunction;
  /** The worker with the most memory (6 vCPUs), for the centroids step (k-means). */
  readonly centroidsWorker: NodejsFunction;
  readonly stateMachine: StateMachine;
  readonly workGroupName: string;

  constructor(scope: Construct, id: string, props: DedupeStackProps) {
    super(scope, id, props);
    const databaseName = `sr_match_dedupe_${props.stage.replace(/-/g, "_")}`;
    this.workGroupName = `sr-match-dedupe-${props.stage}`;

    this.bucket = new Bucket(this, "Data", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Intermediate results of a run are only needed until the next run has succeeded.
      lifecycleRules: [
        { prefix: PREFIXES.athenaResults, expiration: Duration.days(7) },
        { prefix: PREFIXES.mapResults, expiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    glueTables(this, this.bucket, databaseName);

    new CfnWorkGroup(this, "WorkGroup", {
      name: this.workGroupName,
      state: "ENABLED",
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? 1_000_000_000_000,
        engineVersion: { selectedEngineVersion: "Athena engine version 3" },
        resultConfiguration: {
          outputLocation: `s3://${this.bucket.bucketName}/${PREFIXES.athenaResults}`,
          encryptionConfiguration: { encryptionOption: "SSE_S3" },
        },
      },
    });

    const workerLogs = new LogGroup(this, "WorkerLogs", {
      logGroupName: `/aws/lambda/sr-match-dedupe-${props.stage}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const workerRole = new Role(this, "WorkerRole", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
    });
    workerLogs.grantWrite(workerRole);
    const objects = (...prefixes: string[]) => prefixes.map((p) => this.bucket.arnForObjects(`${p}*`));
    workerRole.addToPolicy(
      new PolicyStatement({
        actions: ["s3:GetObject"],
        resources: objects(
          PREFIXES.model,
          tablePrefix("pair_shards"),
          tablePrefix("repair_rows"),
          ...IVF_PREFIXES.reads,
        ),
      }),
    );
    workerRole.addToPolicy(
      new PolicyStatement({
        actions: ["s3:PutObject"],
        resources: objects(tablePrefix("scores"), tablePrefix("repaired"), ...IVF_PREFIXES.writes),
      }),
    );
    // The IVF search lists the member objects of its partition (one per record shard); the repair
    // lists the objects of its shard partition (shard-worker.ts's itemObjects).
    workerRole.addToPolicy(
      new PolicyStatement({
        actions: ["s3:ListBucket"],
        resources: [this.bucket.bucketArn],
        conditions: {
          StringLike: { "s3:prefix": [`${tablePrefix("ivf_members")}*`, `${tablePrefix("repair_rows")}*`] },
        },
      }),
    );
    // One worker code and role, deployed twice: the scorer on one vCPU, and with more memory (hence
    // more vCPUs) for the one k-means invocation of a run.
    const workerProps = {
      entry: WORKER_ENTRY,
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, "package-lock.json"),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.minutes(15),
      role: workerRole,
      logGroup: workerLogs,
      environment: { DATA_BUCKET: this.bucket.bucketName, MODEL_KEY },
      bundling: workerBundling(),
    };
    this.worker = new NodejsFunction(this, "Worker", {
      ...workerProps,
      functionName: `sr-match-dedupe-${props.stage}`,
      memorySize: WORKER_MEMORY_MB,
    });
    this.centroidsWorker = new NodejsFunction(this, "CentroidsWorker", {
      ...workerProps,
      functionName: `sr-match-dedupe-centroids-${props.stage}`,
      memorySize: CENTROIDS_MEMORY_MB,
    });

    const name = `sr-match-dedupe-${props.stage}`;
    const smRole = new Role(this, "StateMachineRole", {
      assumedBy: new ServicePrincipal("states.amazonaws.com"),
    });
    const workGroupArn = this.formatArn({
      service: "athena",
      resource: "workgroup",
      resourceName: this.workGroupName,
    });
    smRole.addToPolicy(
      new PolicyStatement({
        actions: [
          "athena:StartQueryExecution",
          "athena:GetQueryExecution",
          "athena:GetQueryResults",
          "athena:StopQueryExecution",
        ],
        resources: [workGroupArn],
      }),
    );
    smRole.addToPolicy(
      new PolicyStatement({
        actions: [
          "glue:GetDatabase",
          "glue:GetTable",
          "glue:GetPartition",
          "glue:GetPartitions",
          "glue:BatchGetPartition",
          "glue:CreatePartition",
          "glue:BatchCreatePartition",
        ],
        resources: [
          this.formatArn({ service: "glue", resource: "catalog" }),
          this.formatArn({ service: "glue", resource: "database", resourceName: databaseName }),
          this.formatArn({ service: "glue", resource: "table", resourceName: `${databaseName}/*` }),
        ],
      }),
    );
    // Athena reads and writes the data with the caller's (this role's) permissions.
    smRole.addToPolicy(
      new PolicyStatement({
        actions: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        resources: objects(PREFIXES.tables, PREFIXES.athenaResults, PREFIXES.mapResults),
      }),
    );
    smRole.addToPolicy(
      new PolicyStatement({
        actions: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
        resources: [this.bucket.bucketArn],
        conditions: {
          StringLike: {
            "s3:prefix": [PREFIXES.tables, PREFIXES.athenaResults, PREFIXES.mapResults].map((p) => `${p}*`),
          },
        },
      }),
    );
    smRole.addToPolicy(
      new PolicyStatement({
        actions: ["lambda:InvokeFunction"],
        resources: [this.worker, this.centroidsWorker].flatMap((f) => [f.functionArn, `${f.functionArn}:*`]),
      }),
    );
    // A Distributed Map starts, watches and stops child executions of its own state machine.
    const stateMachineArn = this.formatArn({
      service: "states",
      resource: "stateMachine",
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    smRole.addToPolicy(
      new PolicyStatement({ actions: ["states:StartExecution"], resources: [stateMachineArn] }),
    );
    smRole.addToPolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ["states:DescribeExecution", "states:StopExecution"],
        resources: [
          this.formatArn({
            service: "states",
            resource: "execution",
            resourceName: `${name}:*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );

    const limits = props.limits ?? DEFAULT_LIMITS;
    const definition = dedupeDefinition(
      {
        bucket: this.bucket.bucketName,
        database: databaseName,
        workGroup: this.workGroupName,
        functionArn: this.worker.functionArn,
        centroidsFunctionArn: this.centroidsWorker.functionArn,
      },
      limits,
    );
    const logs = new LogGroup(this, "StateMachineLogs", {
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, "StateMachine", {
      stateMachineName: name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(this.toJsonString(definition)),
      role: smRole,
      tracingEnabled: true,
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
    this.stateMachine.node.addDependency(smRole);

    new CfnOutput(this, "DataBucketName", { value: this.bucket.bucketName });
    new CfnOutput(this, "StateMachineArn", { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, "WorkGroupName", { value: this.workGroupName });
    acknowledgeDedupeFindings({
      bucket: this.bucket,
      workerRole,
      stateMachineRole: smRole,
      workers: [this.worker, this.centroidsWorker],
      databaseName,
      stateMachineName: name,
    });
  }
}
