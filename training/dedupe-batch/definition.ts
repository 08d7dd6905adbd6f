import { SHARDS_PER_GROUP, type SqlStage, STAGES, type StageParam } from "./sql.ts";

/** What the state machine refers to; CDK tokens in the stack, plain names locally. */
export interface DefinitionRefs {
  bucket: string;
  database: string;
  workGroup: string;
  functionArn: string;
  /** The same worker code with Lambda's most memory, hence its most vCPUs: k-means in one invocation. */
  centroidsFunctionArn: string;
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

/** Where each stage parameter is in the state's input (the execution input, plus the loops' and maps' fields). */
const PARAM_PATHS: Record<StageParam, string> = {
  run: "$.run",
  maxBlock: "$.maxBlock",
  shards: "$.shards",
  threshold: "$.threshold",
  iter: "$.loop.iter",
  next: "$.loop.next",
  incremental: "$.incremental",
  previousRun: "$.previousRun",
  recordShards: "$.recordShards",
  k: "$.k",
  minhashParts: "$.minhashParts",
  minhashPart: "$.minhashLoop.part",
  firstShard: "$.firstShard",
  searchAll: "$.searchAll",
};

/** S3 prefix of a table's data; Glue tables and Lambda readers/writers agree on it. */
export const tablePrefix = (table: string): string => `tables/${table}/`;

/** Where the worker Lambda reads the model in the data bucket (`npm run dedupe:start` puts it there). */
export const MODEL_KEY = "model/model.json";

/**
 * Where the settings a run was staged with are kept, one copy per run: its model, and the candidate
 * sources whose bits its masks set (blocking.ts CANDIDATE_SOURCES). An update checks them against the
 * finished run it builds on; MODEL_KEY is the model of the run staged last, which may never have run.
 */
export const runSettingKey = (run: number, file: "model.json" | "sources.json"): string =>
  `model/run=${run}/${file}`;

/** Input of one execution. */
export interface RunInput {
  /** Run number: the partition every table is written under. */
  run: number;
  threshold: number;
  maxBlock: number;
  shards: number;
  /**
   * 1: only changed records are embedded (against `previousRun`'s centroids and partition members)
   * and only pairs touching one are scored; the rest keep `previousRun`'s scores. Only the components
   * such a pair or a deleted record touches are propagated and repaired again; the rest keep
   * `previousRun`'s components and clusters.
   */
  incremental: 0 | 1;
  previousRun: number;
  cannotLinkBelow: number;
  /**
   * How each record's k neighbours are found: `minhash`, SQL equality joins (one per part) on the
   * snapshot's MinHash buckets (the in-memory engine's default search); `ivf`, the embedding stage
   * (centroids, Distributed Maps assigning shards and searching partitions). The IVF fields below
   * serve `ivf` only.
   */
  search: "minhash" | "ivf";
  /**
   * 1: the neighbour search covers every record (MinHash, and every full run); 0: only the changed
   * records (IVF, incremental), so the other records' neighbour pairs are proposed again as the
   * previous run found them.
   */
  searchAll: 0 | 1;
  /**
   * MinHash: the parts the buckets are searched in (`bucket % minhashParts`), one Athena query each,
   * so no query joins more than a part of a large catalog's buckets.
   */
  minhashParts: number;
  /** Neighbours per record. */
  k: number;
  /**
   * Shards of the records the embedding stage reads (`rid % recordShards`); in incremental mode of
   * the changed records only, so a few: each shard writes one member object per partition group.
   */
  recordShards: number;
  /** IVF centroids (partitions), from k-means on `sampleSize` records. */
  centroids: number;
  sampleSize: number;
  /** Nearest centroids each record is assigned to, so neighbours across a border still meet. */
  probes: number;
  /** 1: brute force inside each partition (with 1 centroid: exact kNN); 0: HNSW. */
  exactKnn: 0 | 1;
}

/** Lambda's memory for one full vCPU (1,769 MB): the scorer is CPU-bound and single-threaded. */
export const WORKER_MEMORY_MB = 1769;

/**
 * The centroids step's memory: Lambda's maximum, which brings its 6 vCPUs. k-means for 10^8 records
 * (5,000 centroids, 320,000 sample rows, 10 rounds) is about half an hour of one CPU in usearch's
 * multi-threaded brute-force search (bench/dedupe-cost.ts prints the figure at the measured rate),
 * over the 15-minute limit on the scorer's single vCPU.
 */
export const CENTROIDS_MEMORY_MB = 10_240;

/**
 * Every Task states its timeout. AWS's default is none at all (99,999,999 s), which leaves a hung
 * call waiting for a year; the local emulator's default is 60 s, which a 1M-record SQL stage on
 * DuckDB outlasts (the first full local 1M run failed so).
 */
export const TASK_TIMEOUT_SECONDS = {
  /** Athena's default DML query timeout (a service quota) is 30 minutes. */
  athena: 1800,
  /** The worker Lambda's own timeout, its maximum (lib/dedupe-stack.ts). */
  lambda: 900,
  /** One S3 or Athena API call (listing, reading a result). */
  api: 60,
} as const;

function athena(refs: DefinitionRefs, stage: SqlStage, next: string, resultPath: string | null = null) {
  return {
    Type: "Task",
    Resource: "arn:aws:states:::athena:startQueryExecution.sync",
    TimeoutSeconds: TASK_TIMEOUT_SECONDS.athena,
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

const LAMBDA_RETRY = [
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
];

/** The worker Lambda invoked with the state's input (or `payload`) as its event. */
function lambda(
  refs: DefinitionRefs,
  payload: Record<string, unknown> | null,
  resultSelector: Record<string, string>,
  functionArn = refs.functionArn,
) {
  return {
    Type: "Task",
    Resource: "arn:aws:states:::lambda:invoke",
    TimeoutSeconds: TASK_TIMEOUT_SECONDS.lambda,
    Parameters: {
      FunctionName: functionArn,
      ...(payload ? { Payload: payload } : { "Payload.$": "$" }),
    },
    ResultSelector: resultSelector,
    Retry: LAMBDA_RETRY,
  };
}

/** The map's task names, per mode of the worker. */
export const MAP_TASKS = {
  score: "ScoreShard",
  repair: "RepairShard",
  assign: "AssignShard",
  search: "SearchPartition",
} as const;

/** BatchInput of each S3-listing map: the worker's mode and what it needs from the run. */
const BATCH_INPUT = {
  score: { "run.$": "$.run", "threshold.$": "$.threshold", "cannotLinkBelow.$": "$.cannotLinkBelow" },
  repair: { "run.$": "$.run", "threshold.$": "$.threshold", "cannotLinkBelow.$": "$.cannotLinkBelow" },
  assign: { "run.$": "$.run", "probes.$": "$.probes" },
} as const;

const mapRest = (refs: DefinitionRefs, limits: MapLimits, mode: keyof typeof MAP_TASKS, next: string) => ({
  MaxConcurrency: limits.maxConcurrency,
  ToleratedFailurePercentage: limits.toleratedFailurePercentage,
  ItemProcessor: {
    ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
    StartAt: MAP_TASKS[mode],
    States: {
      [MAP_TASKS[mode]]: {
        ...lambda(refs, null, { "rows.$": "$.Payload.rows", "objects.$": "$.Payload.objects" }),
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
});

function distributedMap(
  refs: DefinitionRefs,
  limits: MapLimits,
  table: string,
  mode: keyof typeof BATCH_INPUT,
  next: string,
) {
  return {
    Type: "Map",
    ItemReader: {
      Resource: "arn:aws:states:::s3:listObjectsV2",
      Parameters: { Bucket: refs.bucket, "Prefix.$": `States.Format('${tablePrefix(table)}run={}/', $.run)` },
    },
    ItemBatcher: { MaxItemsPerBatch: limits.maxItemsPerBatch, BatchInput: { mode, ...BATCH_INPUT[mode] } },
    ...mapRest(refs, limits, mode, next),
  };
}

/**
 * The IVF search: a Distributed Map over the partition groups the centroids step returned (items
 * from the state, one group per child execution), each finding the k nearest inside each partition.
 */
function searchMap(refs: DefinitionRefs, limits: MapLimits, next: string) {
  return {
    Type: "Map",
    ItemsPath: "$.ivf.groups",
    ItemSelector: {
      mode: "search",
      "run.$": "$.run",
      "group.$": "$$.Map.Item.Value.group",
      "partitions.$": "$$.Map.Item.Value.partitions",
      "k.$": "$.k",
      "exact.$": "$.exactKnn",
      "membersRun.$": "$.ivf.membersRun",
    },
    ...mapRest(refs, limits, "search", next),
  };
}

/**
 * Shard-group copies that run at once: Athena's quota of active DML queries is 20 to 150 per account
 * and Region, and a run's other queries wait for these.
 */
export const COPY_CONCURRENCY = 10;

/**
 * The states that move a staged table into its shard-partitioned table, one query per group of
 * SHARDS_PER_GROUP shards (its first shard `$.firstShard`), COPY_CONCURRENCY at once: `<copy>Start`
 * lists the groups' first shards below the table's shard count at `shardsPath`, and the inline Map
 * `<copy>` runs the copy (`<copy>Group`) for each.
 */
function shardGroups(refs: DefinitionRefs, copy: string, stage: SqlStage, shardsPath: string, next: string) {
  const { Next: _, ...task } = athena(refs, stage, next);
  return {
    [`${copy}Start`]: {
      Type: "Pass",
      Parameters: {
        "firsts.$": `States.ArrayRange(0, States.MathAdd(${shardsPath}, -1), ${SHARDS_PER_GROUP})`,
      },
      ResultPath: "$.shardGroups",
      Next: copy,
    },
    [copy]: {
      Type: "Map",
      ItemsPath: "$.shardGroups.firsts",
      ItemSelector: { "run.$": "$.run", "firstShard.$": "$$.Map.Item.Value" },
      MaxConcurrency: COPY_CONCURRENCY,
      ItemProcessor: {
        ProcessorConfig: { Mode: "INLINE" },
        StartAt: `${copy}Group`,
        States: { [`${copy}Group`]: { ...task, End: true } },
      },
      ResultPath: null,
      Next: next,
    },
  };
}

/**
 * The batch dedupe as an Amazon States Language definition: the neighbour search (MinHash buckets
 * joined in Athena; or the IVF embedding stage: record shards in Athena, centroids in one Lambda,
 * Distributed Maps assigning shards and searching partitions, the k best per record in Athena) →
 * Athena stages (prepare keys, candidates, shards staged, then copied by group) → Distributed Map
 * scoring the shards → the links above the threshold → label propagation in SQL, looped by a Choice until
 * no label changes → components → Distributed Map repairing each component → clusters (an incremental
 * run clusters only the components its changes touch and carries the rest). One definition serves the
 * stack (lib/dedupe-stack.ts) and the local run (./local-state-machine.ts).
 */
export function dedupeDefinition(refs: DefinitionRefs, limits: MapLimits = DEFAULT_LIMITS) {
  const s = STAGES;
  return {
    Comment:
      "sr-match batch dedupe: MinHash or IVF neighbour search, Athena stages, Distributed Map scoring, SQL label propagation, repair",
    StartAt: "Search?",
    States: {
      // MinHash: the snapshot carries each record's buckets, filed here by part; a query per part
      // finds each record's k best there, one more keeps the k best of all parts.
      "Search?": {
        Type: "Choice",
        Choices: [{ Variable: "$.search", StringEquals: "minhash", Next: "MinhashBuckets" }],
        Default: "WriteRecordShards",
      },
      MinhashBuckets: athena(refs, s.MINHASH_BUCKETS, "StartMinhash"),
      StartMinhash: {
        Type: "Pass",
        Result: { part: 0, next: 1 },
        ResultPath: "$.minhashLoop",
        Next: "MinhashPart",
      },
      MinhashPart: athena(refs, s.MINHASH_PART, "MoreMinhashParts?"),
      "MoreMinhashParts?": {
        Type: "Choice",
        Choices: [
          { Variable: "$.minhashLoop.next", NumericLessThanPath: "$.minhashParts", Next: "NextMinhashPart" },
        ],
        Default: "MinhashMerge",
      },
      NextMinhashPart: {
        Type: "Pass",
        Parameters: { "part.$": "$.minhashLoop.next", "next.$": "States.MathAdd($.minhashLoop.next, 1)" },
        ResultPath: "$.minhashLoop",
        Next: "MinhashPart",
      },
      MinhashMerge: athena(refs, s.MINHASH_MERGE, "PrepareKeys"),
      // The embedding stage (IVF): centroids from a sample, records assigned to their nearest
      // centroids, neighbours searched inside each partition, each record's k best kept. An
      // incremental run keeps the previous run's centroids and members, and embeds, assigns and
      // searches for its changed records only.
      WriteRecordShards: athena(refs, s.WRITE_RECORD_SHARDS, "CopyRecordShardsStart"),
      ...shardGroups(refs, "CopyRecordShards", s.COPY_RECORD_SHARDS, "$.recordShards", "NewCentroids?"),
      "NewCentroids?": {
        Type: "Choice",
        Choices: [{ Variable: "$.incremental", NumericEquals: 1, Next: "ReuseCentroids" }],
        Default: "SampleKeys",
      },
      ReuseCentroids: {
        ...lambda(
          refs,
          { mode: "reuse", "run.$": "$.run", "previousRun.$": "$.previousRun" },
          { "groups.$": "$.Payload.groups", "membersRun.$": "$.Payload.membersRun" },
        ),
        ResultPath: "$.ivf",
        Next: "AssignShards",
      },
      SampleKeys: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:s3:listObjectsV2",
        TimeoutSeconds: TASK_TIMEOUT_SECONDS.api,
        Parameters: {
          Bucket: refs.bucket,
          "Prefix.$": `States.Format('${tablePrefix("record_shards")}run={}/', $.run)`,
          MaxKeys: 8,
        },
        ResultSelector: { "keys.$": "$.Contents[*].Key" },
        ResultPath: "$.sample",
        Next: "Centroids",
      },
      Centroids: {
        ...lambda(
          refs,
          {
            mode: "centroids",
            "run.$": "$.run",
            "keys.$": "$.sample.keys",
            "centroids.$": "$.centroids",
            "sample.$": "$.sampleSize",
          },
          { "groups.$": "$.Payload.groups", "membersRun.$": "$.Payload.membersRun" },
          refs.centroidsFunctionArn,
        ),
        ResultPath: "$.ivf",
        Next: "AssignShards",
      },
      AssignShards: distributedMap(refs, limits, "record_shards", "assign", "SearchPartitions"),
      SearchPartitions: searchMap(refs, limits, "KnnTop"),
      KnnTop: athena(refs, s.KNN_TOP, "PrepareKeys"),
      PrepareKeys: athena(refs, s.PREPARE_KEYS, "Candidates"),
      Candidates: athena(refs, s.CANDIDATES, "WriteShards"),
      WriteShards: athena(refs, s.WRITE_SHARDS, "CopyPairShardsStart"),
      ...shardGroups(refs, "CopyPairShards", s.COPY_PAIR_SHARDS, "$.shards", "ScoreShards"),
      ScoreShards: distributedMap(refs, limits, "pair_shards", "score", "WriteScoredPairs"),
      WriteScoredPairs: athena(refs, s.WRITE_SCORED_PAIRS, "Incremental?"),
      "Incremental?": {
        Type: "Choice",
        Choices: [{ Variable: "$.incremental", NumericEquals: 1, Next: "CarryScores" }],
        Default: "WriteLinks",
      },
      CarryScores: athena(refs, s.CARRY_SCORES, "WriteAffected"),
      // Incremental: only the components an affected record touches are propagated and repaired again.
      WriteAffected: athena(refs, s.WRITE_AFFECTED, "WriteLinks"),
      WriteLinks: athena(refs, s.WRITE_LINKS, "InitLabels"),
      InitLabels: athena(refs, s.INIT_LABELS, "StartLoop"),
      StartLoop: { Type: "Pass", Result: { iter: 0, next: 1 }, ResultPath: "$.loop", Next: "Propagate" },
      Propagate: athena(refs, s.PROPAGATE, "CountChanged"),
      CountChanged: athena(refs, s.COUNT_CHANGED, "ReadChanged", "$.count"),
      ReadChanged: {
        Type: "Task",
        Resource: "arn:aws:states:::aws-sdk:athena:getQueryResults",
        TimeoutSeconds: TASK_TIMEOUT_SECONDS.api,
        Parameters: { "QueryExecutionId.$": "$.count.QueryExecution.QueryExecutionId" },
        ResultSelector: { "changed.$": "$.ResultSet.Rows[1].Data[0].VarCharValue" },
        ResultPath: "$.count",
        Next: "Converged?",
      },
      "Converged?": {
        Type: "Choice",
        Choices: [{ Variable: "$.count.changed", StringEquals: "0", Next: "WriteComponents" }],
        Default: "NextStep",
      },
      NextStep: {
        Type: "Pass",
        Parameters: { "iter.$": "$.loop.next", "next.$": "States.MathAdd($.loop.next, 1)" },
        ResultPath: "$.loop",
        Next: "Propagate",
      },
      // The last step changed nothing, so its labels (iter = next) equal the previous step's.
      WriteComponents: athena(refs, s.WRITE_COMPONENTS, "WriteRepairRows"),
      WriteRepairRows: athena(refs, s.WRITE_REPAIR_ROWS, "CopyRepairRowsStart"),
      ...shardGroups(refs, "CopyRepairRows", s.COPY_REPAIR_ROWS, "$.shards", "RepairComponents"),
      RepairComponents: distributedMap(refs, limits, "repair_rows", "repair", "CarryRepairs?"),
      "CarryRepairs?": {
        Type: "Choice",
        Choices: [{ Variable: "$.incremental", NumericEquals: 1, Next: "CarryRepaired" }],
        Default: "WriteClusters",
      },
      CarryRepaired: athena(refs, s.CARRY_REPAIRED, "WriteClusters"),
      WriteClusters: athena(refs, s.WRITE_CLUSTERS, "Done"),
      Done: { Type: "Succeed" },
    },
  };
}
