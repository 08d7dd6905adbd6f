import { App, Validations } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { DedupeStack, workerBundling } from "./dedupe-stack.ts";

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
type State = Record<string, unknown> & { Type: string };

/** The template with bundling skipped (template only), checked by cdk-nag as bin/app.ts does. */
function synth(): { template: Template; app: App } {
  const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const stack = new DedupeStack(app, "Dedupe", { stage: "test" });
  return { template: Template.fromStack(stack), app };
}

/** Tokens of a Fn::Join flattened to text: refs become <LogicalId>, GetAtts <LogicalId.Attr>. */
function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  const v = value as Record<string, unknown>;
  if (v["Fn::Join"]) {
    const [sep, parts] = v["Fn::Join"] as [string, unknown[]];
    return parts.map(flatten).join(sep);
  }
  if (v.Ref) return `<${v.Ref}>`;
  if (v["Fn::GetAtt"]) return `<${(v["Fn::GetAtt"] as string[]).join(".")}>`;
  return JSON.stringify(value);
}

let template: Template;
let app: App;
let states: Record<string, State>;
let startAt: string;
let roles: Record<string, Statement[]>;

beforeAll(() => {
  ({ template, app } = synth());
  const machine = Object.values(template.findResources("AWS::StepFunctions::StateMachine"))[0] as {
    Properties: { DefinitionString: unknown };
  };
  ({ States: states, StartAt: startAt } = JSON.parse(flatten(machine.Properties.DefinitionString)));
  roles = {};
  for (const [id, policy] of Object.entries(template.findResources("AWS::IAM::Policy"))) {
    const p = policy as { Properties: { PolicyDocument: { Statement: Statement[] } } };
    roles[id] = p.Properties.PolicyDocument.Statement;
  }
});

const actions = (s: Statement) => ([] as string[]).concat(s.Action);
const resources = (s: Statement) => ([] as unknown[]).concat(s.Resource).map(flatten);

describe("DedupeStack", () => {
  it("keeps the data in an encrypted bucket that refuses plain HTTP and public access", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    const policy = Object.values(template.findResources("AWS::S3::BucketPolicy"))[0] as {
      Properties: { PolicyDocument: { Statement: { Effect: string; Condition: unknown }[] } };
    };
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
  });

  it("has an Athena workgroup with encrypted results and a bytes-scanned cutoff, enforced", () => {
    template.hasResourceProperties("AWS::Athena::WorkGroup", {
      Name: "sr-match-dedupe-test",
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1_000_000_000_000,
        ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: "SSE_S3" } },
      },
    });
  });

  it("defines a Glue table per stage table, Parquet or JSON lines, partitioned by run", () => {
    const tables = Object.values(template.findResources("AWS::Glue::Table")) as {
      Properties: { TableInput: { Name: string; PartitionKeys: { Name: string }[] } };
    }[];
    expect(tables.map((t) => t.Properties.TableInput.Name).sort()).toContain("pair_shards");
    for (const t of tables) expect(t.Properties.TableInput.PartitionKeys[0]?.Name).toBe("run");
  });

  it("has Athena write the scorer's pair shards as ZSTD Parquet", () => {
    template.hasResourceProperties("AWS::Glue::Table", {
      TableInput: Match.objectLike({
        Name: "pair_shards",
        Parameters: Match.objectLike({ classification: "parquet", "parquet.compression": "ZSTD" }),
        StorageDescriptor: Match.objectLike({
          SerdeInfo: { SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
        }),
      }),
    });
  });

  it("runs the scorer on one full vCPU (1,769 MB), ARM64, Node 22", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      MemorySize: 1769,
      Architectures: ["arm64"],
      Runtime: "nodejs22.x",
      Timeout: 900,
    });
  });

  it("runs k-means (the centroids step) on the same worker code with 10,240 MB (6 vCPUs); every other task on the 1,769 MB one", () => {
    const functions = template.findResources("AWS::Lambda::Function") as Record<
      string,
      { Properties: { MemorySize?: number; Handler?: string; Role?: unknown } }
    >;
    const byMemory = (mb: number) =>
      Object.keys(functions).filter((id) => functions[id]?.Properties.MemorySize === mb);
    const [centroids] = byMemory(10_240);
    const [worker] = byMemory(1769);
    expect(centroids).toBeDefined();
    expect(functions[centroids as string]?.Properties.Handler).toBe(
      functions[worker as string]?.Properties.Handler,
    );
    expect(functions[centroids as string]?.Properties.Role).toEqual(
      functions[worker as string]?.Properties.Role,
    );
    const invoked = (state: unknown) =>
      JSON.stringify((state as { Parameters: { FunctionName: unknown } }).Parameters.FunctionName);
    expect(invoked(states.Centroids)).toContain(centroids);
    const scoreTask = Object.values(
      (states.ScoreShards as unknown as { ItemProcessor: { States: Record<string, unknown> } }).ItemProcessor
        .States,
    )[0];
    expect(invoked(scoreTask)).toContain(worker);
  });

  it("scores the shards in a Distributed Map: S3 listing reader, batches, bounded concurrency, tolerated failures, results in S3", () => {
    const map = states.ScoreShards as State & Record<string, Record<string, unknown>>;
    expect(map.Type).toBe("Map");
    expect(map.ItemReader?.Resource).toBe("arn:aws:states:::s3:listObjectsV2");
    expect(JSON.stringify(map.ItemReader?.Parameters)).toContain("tables/pair_shards/run={}/");
    expect(map.ItemBatcher?.MaxItemsPerBatch).toBe(4);
    expect(map.MaxConcurrency).toBe(200);
    expect(map.ToleratedFailurePercentage).toBe(1);
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: "DISTRIBUTED", ExecutionType: "STANDARD" });
    expect(map.ResultWriter?.Resource).toBe("arn:aws:states:::s3:putObject");
    expect(states.RepairComponents?.Type).toBe("Map");
  });

  it("retries the scorer's invocation with exponential back-off and jitter", () => {
    const processor = (states.ScoreShards as unknown as { ItemProcessor: { States: Record<string, State> } })
      .ItemProcessor;
    const task = processor.States.ScoreShard as unknown as {
      Retry: Record<string, unknown>[];
      Resource: string;
    };
    expect(task.Resource).toBe("arn:aws:states:::lambda:invoke");
    expect(task.Retry[0]).toMatchObject({ BackoffRate: 2, JitterStrategy: "FULL", MaxAttempts: 6 });
    expect(task.Retry[0]?.ErrorEquals).toContain("Lambda.TooManyRequestsException");
  });

  it("gives every Task, inside the maps too, a timeout within its service's limit", () => {
    const tasks: State[] = [];
    const walk = (all: Record<string, State>) => {
      for (const state of Object.values(all)) {
        if (state.Type === "Task") tasks.push(state);
        const inner = (state as { ItemProcessor?: { States: Record<string, State> } }).ItemProcessor;
        if (inner) walk(inner.States);
      }
    };
    walk(states);
    expect(tasks.length).toBeGreaterThan(10);
    for (const task of tasks) {
      const limit = String(task.Resource).includes(":athena:startQueryExecution")
        ? 1800
        : String(task.Resource).includes(":lambda:")
          ? 900
          : 60;
      expect(task.TimeoutSeconds, String(task.Resource)).toBe(limit);
    }
  });

  it("loops label propagation with a Choice until no label changes", () => {
    expect((states["Converged?"] as unknown as { Choices: unknown[] }).Choices).toEqual([
      { Variable: "$.count.changed", StringEquals: "0", Next: "WriteComponents" },
    ]);
    expect(states.NextStep?.Next).toBe("Propagate");
    expect(states.Propagate?.Resource).toBe("arn:aws:states:::athena:startQueryExecution.sync");
  });

  it("reads the scorer's JSON lines once, into Parquet, which every later stage reads", () => {
    expect(states.ScoreShards?.Next).toBe("WriteScoredPairs");
    expect(states.WriteScoredPairs?.Next).toBe("Incremental?");
    const query = (name: string) =>
      String((states[name]?.Parameters as { QueryString?: string })?.QueryString);
    expect(query("WriteScoredPairs")).toMatch(
      /INSERT INTO scored_pairs\s+SELECT .* FROM scores WHERE run = \?/,
    );
    for (const name of ["CarryScores", "WriteLinks", "WriteRepairRows", "WriteAffected"])
      expect(query(name)).not.toMatch(/\bscores\b/);
    template.hasResourceProperties("AWS::Glue::Table", {
      TableInput: Match.objectLike({
        Name: "scored_pairs",
        StorageDescriptor: Match.objectLike({
          SerdeInfo: Match.objectLike({
            SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
          }),
        }),
      }),
    });
  });

  it("propagates labels over the links table, written once from the scores, never over the scores", () => {
    expect(states["Incremental?"]?.Default).toBe("WriteLinks");
    expect(states.CarryScores?.Next).toBe("WriteAffected");
    expect(states.WriteAffected?.Next).toBe("WriteLinks");
    expect(states.WriteLinks?.Next).toBe("InitLabels");
    const query = (name: string) =>
      String((states[name]?.Parameters as { QueryString?: string })?.QueryString);
    expect(query("WriteLinks")).toMatch(
      /INSERT INTO links\s+SELECT a, b, run FROM scored_pairs\s+WHERE run = \? AND p >= \?/,
    );
    for (const name of ["InitLabels", "Propagate"]) {
      expect(query(name)).toContain("FROM links");
      expect(query(name)).not.toMatch(/\bscores\b/);
    }
    template.hasResourceProperties("AWS::Glue::Table", {
      TableInput: Match.objectLike({ Name: "links" }),
    });
  });

  it("clusters again, in incremental mode, only the components its changes touch, and carries the rest", () => {
    expect(states.WriteComponents?.Next).toBe("WriteRepairRows");
    expect(states.RepairComponents?.Next).toBe("CarryRepairs?");
    expect(states["CarryRepairs?"]?.Choices).toEqual([
      { Variable: "$.incremental", NumericEquals: 1, Next: "CarryRepaired" },
    ]);
    expect(states["CarryRepairs?"]?.Default).toBe("WriteClusters");
    expect(states.CarryRepaired?.Next).toBe("WriteClusters");
    for (const name of ["affected", "components"])
      template.hasResourceProperties("AWS::Glue::Table", { TableInput: Match.objectLike({ Name: name }) });
  });

  it("grants the state machine Athena on its workgroup only and S3 on its prefixes only", () => {
    const all = Object.entries(roles)
      .filter(([id]) => id.startsWith("StateMachineRole"))
      .flatMap(([, s]) => s);
    const athena = all.filter((s) => actions(s).some((a) => a.startsWith("athena:")));
    expect(athena.flatMap(resources)).toEqual([expect.stringMatching(/:workgroup\/sr-match-dedupe-test$/)]);
    const objects = all.filter((s) => actions(s).includes("s3:GetObject")).flatMap(resources);
    expect(objects.sort()).toEqual(
      ["athena-results/*", "map-results/*", "tables/*"].map((p) =>
        expect.stringMatching(new RegExp(`/${p.replace("*", "\\*")}$`)),
      ),
    );
    const list = all.find((s) => actions(s).includes("s3:ListBucket"));
    expect(JSON.stringify(list?.Condition)).toContain("tables/*");
    expect(all.flatMap(actions).every((a) => !a.endsWith(":*"))).toBe(true);
  });

  it("lets the worker read only shards, IVF objects and the model, and write only its outputs", () => {
    const all = Object.entries(roles)
      .filter(([id]) => id.startsWith("WorkerRole"))
      .flatMap(([, s]) => s);
    const reads = all.filter((s) => actions(s).includes("s3:GetObject")).flatMap(resources);
    const writes = all.filter((s) => actions(s).includes("s3:PutObject")).flatMap(resources);
    expect(reads.map((r) => r.replace(/^.*\.Arn>\//, "")).sort()).toEqual([
      "model/*",
      "tables/ivf_centroids/*",
      "tables/ivf_members/*",
      "tables/pair_shards/*",
      "tables/record_shards/*",
      "tables/repair_rows/*",
    ]);
    expect(writes.map((r) => r.replace(/^.*\.Arn>\//, "")).sort()).toEqual([
      "tables/ivf_centroids/*",
      "tables/ivf_members/*",
      "tables/knn_hits/*",
      "tables/repaired/*",
      "tables/scores/*",
    ]);
    const list = all.filter((s) => actions(s).includes("s3:ListBucket"));
    expect(list).toHaveLength(1);
    expect(list[0]?.Condition).toEqual({
      StringLike: { "s3:prefix": ["tables/ivf_members/*", "tables/repair_rows/*"] },
    });
    expect(all.flatMap(actions).every((a) => !a.endsWith(":*"))).toBe(true);
  });

  it("starts with the neighbour search: MinHash in Athena, part by part of the buckets, or the IVF embedding stage", () => {
    expect(startAt).toBe("Search?");
    expect(states["Search?"]).toMatchObject({
      Type: "Choice",
      Choices: [{ Variable: "$.search", StringEquals: "minhash", Next: "MinhashBuckets" }],
      Default: "WriteRecordShards",
    });
    const athenaTask = { Resource: "arn:aws:states:::athena:startQueryExecution.sync" };
    expect(states.MinhashBuckets).toMatchObject({ ...athenaTask, Next: "StartMinhash" });
    expect(JSON.stringify(states.MinhashBuckets?.Parameters)).toContain("UNNEST(r.minhash_buckets)");
    expect(states.StartMinhash).toMatchObject({ Result: { part: 0, next: 1 }, Next: "MinhashPart" });
    expect(states.MinhashPart).toMatchObject({ ...athenaTask, Next: "MoreMinhashParts?" });
    expect(JSON.stringify(states.MinhashPart?.Parameters)).toContain(
      "FROM buckets WHERE run = ? AND part = ?",
    );
    expect(states["MoreMinhashParts?"]).toMatchObject({
      Choices: [
        { Variable: "$.minhashLoop.next", NumericLessThanPath: "$.minhashParts", Next: "NextMinhashPart" },
      ],
      Default: "MinhashMerge",
    });
    expect(states.NextMinhashPart?.Next).toBe("MinhashPart");
    expect(states.MinhashMerge).toMatchObject({ ...athenaTask, Next: "PrepareKeys" });
  });

  it("runs the embedding stage (IVF) before the candidates: record shards, centroids, two Distributed Maps, k best in SQL", () => {
    type MapState = State & Record<string, Record<string, unknown>>;
    const order = ["SampleKeys", "Centroids", "AssignShards", "SearchPartitions", "KnnTop", "PrepareKeys"];
    order.slice(0, -1).forEach((name, i) => {
      expect(states[name]?.Next).toBe(order[i + 1]);
    });
    // A full run makes centroids; an incremental one reuses the previous run's and its members.
    expect(states.WriteRecordShards?.Next).toBe("CopyRecordShardsStart");
    expect(states.CopyRecordShards?.Next).toBe("NewCentroids?");
    expect(states["NewCentroids?"]).toMatchObject({
      Type: "Choice",
      Choices: [{ Variable: "$.incremental", NumericEquals: 1, Next: "ReuseCentroids" }],
      Default: "SampleKeys",
    });
    expect(states.ReuseCentroids).toMatchObject({
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { Payload: { mode: "reuse", "previousRun.$": "$.previousRun" } },
      ResultPath: "$.ivf",
      Next: "AssignShards",
    });
    expect(states.WriteRecordShards?.Resource).toBe("arn:aws:states:::athena:startQueryExecution.sync");
    expect(states.KnnTop?.Resource).toBe("arn:aws:states:::athena:startQueryExecution.sync");
    expect(states.SampleKeys?.Resource).toBe("arn:aws:states:::aws-sdk:s3:listObjectsV2");
    expect(states.Centroids?.Resource).toBe("arn:aws:states:::lambda:invoke");
    const assign = states.AssignShards as MapState;
    expect(assign.ItemReader?.Resource).toBe("arn:aws:states:::s3:listObjectsV2");
    expect(JSON.stringify(assign.ItemReader?.Parameters)).toContain("tables/record_shards/run={}/");
    expect(assign.ItemBatcher?.BatchInput).toMatchObject({ mode: "assign", "probes.$": "$.probes" });
    const search = states.SearchPartitions as MapState;
    expect(search.ItemsPath).toBe("$.ivf.groups");
    expect(search.ItemSelector).toMatchObject({
      mode: "search",
      "group.$": "$$.Map.Item.Value.group",
      "partitions.$": "$$.Map.Item.Value.partitions",
      "membersRun.$": "$.ivf.membersRun",
    });
    for (const map of [assign, search]) {
      expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: "DISTRIBUTED", ExecutionType: "STANDARD" });
      expect(map.MaxConcurrency).toBe(200);
      expect(map.ToleratedFailurePercentage).toBe(1);
      expect(map.ResultWriter?.Resource).toBe("arn:aws:states:::s3:putObject");
      const processor = map.ItemProcessor as unknown as {
        States: Record<string, { Retry: Record<string, unknown>[] }>;
      };
      const task = Object.values(processor.States)[0];
      expect(task?.Retry[0]).toMatchObject({ BackoffRate: 2, JitterStrategy: "FULL", MaxAttempts: 6 });
    }
  });

  it("ships usearch's linux-arm64 binary beside the worker bundle instead of bundling it", () => {
    const bundling = workerBundling();
    expect(bundling.externalModules).toContain("usearch");
    const commands = bundling.commandHooks?.afterBundling("/in", "/out").join("\n") ?? "";
    expect(commands).toContain("prebuilds/linux-arm64");
    expect(commands).not.toContain("linux-x64");
  });

  it("synthesises with no unacknowledged cdk-nag finding", () => {
    expect(() => app.synth()).not.toThrow();
  });
});
