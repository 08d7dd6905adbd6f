import { type SqlStage, STAGES, type StageParam } from "./sql.ts";

/** What the state machine refers to; CDK tokens in the stack, plain names locally. */
export interface DefinitionRefs {
  bucket: string;
  database: string;
  workGroup: string;
  functionArn: string;
}

/** Limits of the two Distributed Maps. */
export interface MapLimits {
  /** Shard objects per Lambda invocation (ItemBatcher). */
  maxItemsPerBatch: number;
  /** Concurrent child executions (each one Lambda invocation). */
  maxConcurrency: number;
  /** Share of failed batches the run tolerates before it fails. */
  toleratedFailurePercentage: number;
}

export const DEFAULT_LIMITS: MapLimits = {
  maxItemsPerBatch: 4,
  maxConcurrency: 200,
  toleratedFailurePercentage: 1,
};

/** Where each stage parameter is in the state's input (the execution input, plus `$.loop`). */
const PARAM_PATHS: Record<StageParam, string> = {
  run: "$.run",
  maxBlock: "$.maxBlock",
  shards: "$.shards",
  threshold: "$.threshold",
  iter: "$.loop.iter",
  next: "$.loop.next",
  incremental: "$.incremental",
  previousRun: "$.previousRun",
};

/** S3 prefix of a table's data; Glue tables and Lambda readers/writers agree on it. */
export const tablePrefix = (table: string): string => `tables/${table}/`;

/** Input of one execution. */
export interface RunInput {
  /** Run number: the partition every table is written under. */
  run: number;
  threshold: number;
  maxBlock: number;
  shards: number;
  /** 1: only pairs touching a changed record are scored; the rest keep `previousRun`'s scores. */
  incremental: 0 | 1;
  previousRun: number;
  cannotLinkBelow: number;
}

function athena(refs: DefinitionRefs, stage: SqlStage, next: string, resultPath: string | null = null) {
  return {
    Type: "Task",
    Resource: "arn:aws:states:::athena:startQueryExecution.sync",
    Parameters: {
      QueryString: stage.sql,
      WorkGroup: refs.workGroup,
      QueryExecutionContext: { Database: refs.database },
      "ExecutionParameters.$": `States.Array(${stage.params.map((p) => `States.JsonToString(${PARAM_PATHS[p]})`).join(", ")})`,
    },
    ResultPath: resultPath,
    Retry: [
      {
        ErrorEquals: ["Athena.TooManyRequestsException", "Athena.InternalServerException"],
        IntervalSeconds: 5,
        BackoffRate: 2,
        MaxAttempts: 4,
        JitterStrategy: "FULL",
      },
    ],
    Next: next,
  };
}

function distributedMap(
  refs: DefinitionRefs,
  limits: MapLimits,
  table: string,
  mode: "score" | "repair",
  next: string,
) {
  return {
    Type: "Map",
    ItemReader: {
      Resource: "arn:aws:states:::s3:listObjectsV2",
      Parameters: { Bucket: refs.bucket, "Prefix.$": `States.Format('${tablePrefix(table)}run={}/', $.run)` },
    },
    ItemBatcher: {
      MaxItemsPerBatch: limits.maxItemsPerBatch,
      BatchInput: {
        mode,
        "run.$": "$.run",
        "threshold.$": "$.threshold",
        "cannotLinkBelow.$": "$.cannotLinkBelow",
      },
    },
    MaxConcurrency: limits.maxConcurrency,
    ToleratedFailurePercentage: limits.toleratedFailurePercentage,
    ItemProcessor: {
      ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
      StartAt: mode === "score" ? "ScoreShard" : "RepairShard",
      States: {
        [mode === "score" ? "ScoreShard" : "RepairShard"]: {
          Type: "Task",
          Resource: "arn:aws:states:::lambda:invoke",
          Parameters: { FunctionName: refs.functionArn, "Payload.$": "$" },
          ResultSelector: { "rows.$": "$.Payload.rows", "objects.$": "$.Payload.objects" },
          Retry: [
            {
              ErrorEquals: [
                "Lambda.ServiceException",
                "Lambda.AWSLambdaException",
                "Lambda.SdkClientException",
                "Lambda.TooManyRequestsException",
                "States.Timeout",
              ],
              IntervalSeconds: 2,
              BackoffRate: 2,
              MaxAttempts: 6,
              MaxDelaySeconds: 60,
              JitterStrategy: "FULL",
            },
          ],
          End: true,
        },
      },
    },
    ResultWriter: {
      Resource: "arn:aws:states:::s3:putObject",
      Parameters: { Bucket: refs.bucket, "Prefix.$": `States.Format('map-results/${mode}/run={}', $.run)` },
    },
    ResultPath: null,
    Next: next,
  };
}

/**
 * The batch dedupe as an Amazon States Language definition: Athena stages (prepare keys, candidates,
 * shards) → Distributed Map scoring the shards → label propagation in SQL, looped by a Choice until
 * no label changes → Distributed Map repairing each component → clusters. One definition serves the
 * stack (lib/dedupe-stack.ts) and the local run (./local-state-machine.ts).
 */
export function dedupeDefinition(refs: DefinitionRefs, limits: MapLimits = DEFAULT_LIMITS) {
  const s = STAGES;
  return {
    Comment: "sr-match batch dedupe: Athena stages, Distributed Map scoring, SQL label propagation, repair",
    StartAt: "PrepareKeys",
    States: {
      PrepareKeys: athena(refs, s.PREPARE_KEYS, "Candidates"),
      Candidates: athena(refs, s.CANDIDATES, "WriteShards"),
      WriteShards: athena(refs, s.WRITE_SHARDS, "ScoreShards"),
      ScoreShards: distributedMap(refs, limits, "pair_shards", "score", "Incremental?"),
      "Incremental?": {
        Type: "Choice",
        Choices: [{ Variable: "$.incremental", NumericEquals: 1, Next: "CarryScores" }],
        Default: "InitLabels",
      },
      CarryScores: athena(refs, s.CARRY_SCORES, "InitLabels"),
      InitLabels: athena(refs, s.INIT_LABELS, "StartLoop"),
      StartLoop: { Type: "Pass", Result: { iter: 0, next: 1 }, ResultPath: "$.loop", Next: "Propagate" },
      Propagate: athena(refs, s.PROPAGATE, "CountChanged"),
      CountChanged: athena(refs, s.COUNT_CHANGED, "ReadChanged", "$.count"),
      ReadChanged: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:athena:getQueryResults",
        Parameters: { "QueryExecutionId.$": "$.count.QueryExecution.QueryExecutionId" },
        ResultSelector: { "changed.$": "$.ResultSet.Rows[1].Data[0].VarCharValue" },
        ResultPath: "$.count",
        Next: "Converged?",
      },
      "Converged?": {
        Type: "Choice",
        Choices: [{ Variable: "$.count.changed", StringEquals: "0", Next: "WriteRepairRows" }],
        Default: "NextStep",
      },
      NextStep: {
        Type: "Pass",
        Parameters: { "iter.$": "$.loop.next", "next.$": "States.MathAdd($.loop.next, 1)" },
        ResultPath: "$.loop",
        Next: "Propagate",
      },
      // The last step changed nothing, so its labels (iter = next) equal the previous step's.
      WriteRepairRows: athena(refs, s.WRITE_REPAIR_ROWS, "RepairComponents"),
      RepairComponents: distributedMap(refs, limits, "repair_rows", "repair", "WriteClusters"),
      WriteClusters: athena(refs, s.WRITE_CLUSTERS, "Done"),
      Done: { Type: "Succeed" },
    },
  };
}
