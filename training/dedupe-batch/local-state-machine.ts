import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { StateMachine } from "aws-local-stepfunctions";
import { dedupeDefinition, MAP_TASKS, type MapLimits, type RunInput, tablePrefix } from "./definition.ts";
import type { DuckDbStages, StageValues } from "./duckdb-stages.ts";
import { type SqlStage, STAGES, type TableName } from "./sql.ts";
import type { BatchEvent, BatchInput, WorkerEvent, WorkerResult } from "./worker-handler.ts";

// aws-local-stepfunctions calls Promise.withResolvers (Node 22); this is the one-line polyfill for Node 20.
if (!("withResolvers" in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

type State = Record<string, unknown>;
type Definition = { StartAt: string; States: Record<string, State> };

/** Names of the states added by {@link inlineDistributedMaps}: `<map>Items`. */
export const itemsState = (map: string): string => `${map}Items`;

const isDistributed = (state: State | undefined): boolean =>
  ((state?.ItemProcessor as State | undefined)?.ProcessorConfig as State | undefined)?.Mode === "DISTRIBUTED";

/**
 * The definition with each Distributed Map made an inline Map the emulator runs. A map reading S3
 * (ItemReader) gets a Task `<map>Items` before it standing in for ItemReader + ItemBatcher (it lists
 * the objects and batches them, with the map's BatchInput), and iterates `$.items`; a map over items
 * of the state keeps its ItemsPath and ItemSelector. ResultWriter / ToleratedFailurePercentage /
 * ProcessorConfig are dropped (the emulator supports none of them; the results stay in memory).
 */
export function inlineDistributedMaps(definition: Definition): Definition {
  const states: Record<string, State> = {};
  const readers = Object.keys(definition.States).filter((name) => definition.States[name]?.ItemReader);
  const rename = (next: unknown) =>
    typeof next === "string" && readers.includes(next) ? itemsState(next) : next;
  for (const [name, state] of Object.entries(definition.States)) {
    const copy: State = { ...state };
    if (copy.Next) copy.Next = rename(copy.Next);
    if (Array.isArray(copy.Choices))
      copy.Choices = copy.Choices.map((c: State) => ({ ...c, Next: rename(c.Next) }));
    if (copy.Default) copy.Default = rename(copy.Default);
    if (!isDistributed(copy)) {
      states[name] = copy;
      continue;
    }
    const { ItemReader, ItemBatcher, ResultWriter, ToleratedFailurePercentage, ItemProcessor, ...rest } =
      copy;
    const { ProcessorConfig, ...processor } = ItemProcessor as State;
    if (ItemReader) {
      states[itemsState(name)] = {
        Type: "Task",
        Resource: (ItemReader as State).Resource,
        Parameters: (ItemBatcher as State).BatchInput,
        ResultPath: "$.items",
        Next: name,
      };
      states[name] = { ...rest, ItemsPath: "$.items", ItemProcessor: processor };
    } else states[name] = { ...rest, ItemProcessor: processor };
  }
  return { ...definition, StartAt: rename(definition.StartAt) as string, States: states };
}

/** Every file below a directory, as keys relative to `root`. */
function listKeys(root: string, prefix: string): string[] {
  const dir = join(root, prefix);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** What stands in for the AWS services when the definition runs locally. */
export interface LocalServices {
  /** Athena: the SQL stages on DuckDB over the same tables. */
  stages: DuckDbStages;
  /** Lambda: one batch of shard objects, the centroids or one partition's search (worker threads, or in-process). */
  invoke(event: WorkerEvent): Promise<WorkerResult>;
  limits: MapLimits;
  /** A line about the worker calls of each mode: after the first, then at most once a minute per mode. */
  log?: (line: string) => void;
}

/** Least seconds between two progress lines of one worker mode. */
const WORKER_LOG_SECONDS = 60;

/** What happened in a local run: the final state and how many propagation steps it took. */
export interface LocalRun {
  output: Record<string, unknown>;
  propagationSteps: number;
  batches: number;
  /** Seconds the worker invocations took per mode (wall time of each call, summed). */
  workerSeconds: Record<string, number>;
  /** The most worker invocations that were running at one time. */
  mostConcurrentCalls: number;
}

/**
 * Runs the stack's state machine definition in aws-local-stepfunctions: Athena's startQueryExecution
 * and getQueryResults by DuckDB (./duckdb-stages.ts), the Distributed Maps' S3 listing by a directory
 * listing, the Lambda invoke by `invoke`. Choice, Pass, Map, the loop and the intrinsic functions
 * (States.Array, States.JsonToString, States.MathAdd, States.Format) are the emulator's own.
 */
export async function runLocalStateMachine(input: RunInput, services: LocalServices): Promise<LocalRun> {
  const { stages } = services;
  const refs = {
    bucket: "local",
    database: "local",
    workGroup: "local",
    functionArn: "arn:aws:lambda:local:0:function:worker",
    centroidsFunctionArn: "arn:aws:lambda:local:0:function:centroids",
  };
  const definition = inlineDistributedMaps(dedupeDefinition(refs, services.limits) as unknown as Definition);
  const bySql = new Map<string, SqlStage>(Object.values(STAGES).map((s) => [s.sql, s]));
  const results = new Map<string, Record<string, unknown>[]>();
  let propagationSteps = 0;
  let batches = 0;
  const modeBatches: Record<string, number> = {};
  const loggedAt: Record<string, number> = {};
  const workerSeconds: Record<string, number> = {};
  let runningCalls = 0;
  let mostConcurrentCalls = 0;

  const athena = async (parameters: { QueryString: string; ExecutionParameters: string[] }) => {
    const stage = bySql.get(parameters.QueryString);
    if (!stage) throw new Error("unknown query");
    const values: StageValues = {};
    stage.params.forEach((p, i) => {
      values[p] = Number(parameters.ExecutionParameters[i]);
    });
    if (stage === STAGES.PROPAGATE) propagationSteps++;
    const rows = await stages.run(stage, values);
    const id = `q${results.size}`;
    results.set(id, rows);
    return { QueryExecution: { QueryExecutionId: id, Status: { State: "SUCCEEDED" } } };
  };
  const getQueryResults = async ({ QueryExecutionId }: { QueryExecutionId: string }) => {
    const rows = results.get(QueryExecutionId) ?? [];
    const header = Object.keys(rows[0] ?? {});
    return {
      ResultSet: {
        Rows: [
          { Data: header.map((h) => ({ VarCharValue: h })) },
          ...rows.map((r) => ({ Data: header.map((h) => ({ VarCharValue: String(r[h]) })) })),
        ],
      },
    };
  };
  const items = (table: string) => async (batchInput: BatchInput) => {
    const keys = listKeys(stages.dir, `${tablePrefix(table)}run=${batchInput.run}/`);
    const out: BatchEvent[] = [];
    for (let i = 0; i < keys.length; i += services.limits.maxItemsPerBatch)
      out.push({
        Items: keys.slice(i, i + services.limits.maxItemsPerBatch).map((Key) => ({ Key })),
        BatchInput: batchInput,
      });
    return out;
  };
  const listObjects = async ({ Prefix, MaxKeys }: { Prefix: string; MaxKeys: number }) => ({
    Contents: listKeys(stages.dir, Prefix)
      .slice(0, MaxKeys)
      .map((Key) => ({ Key })),
  });
  const WRITES: Partial<Record<string, TableName>> = {
    score: "scores",
    repair: "repaired",
    search: "knn_hits",
  };
  const invoke = async ({ Payload }: { Payload: WorkerEvent }) => {
    const mode = "Items" in Payload ? Payload.BatchInput.mode : Payload.mode;
    if ("Items" in Payload) batches++;
    const started = performance.now();
    mostConcurrentCalls = Math.max(mostConcurrentCalls, ++runningCalls);
    const result = await services.invoke(Payload).finally(() => runningCalls--);
    const ended = performance.now();
    workerSeconds[mode] = (workerSeconds[mode] ?? 0) + (ended - started) / 1000;
    modeBatches[mode] = (modeBatches[mode] ?? 0) + 1;
    const last = loggedAt[mode];
    if (last === undefined || ended - last >= WORKER_LOG_SECONDS * 1000) {
      loggedAt[mode] = ended;
      services.log?.(
        `${mode}: calls done ${modeBatches[mode]}, worker time ${(workerSeconds[mode] as number).toFixed(1)} s so far`,
      );
    }
    const written = WRITES[mode];
    if (written) stages.markWritten(written);
    return { Payload: result };
  };

  const handlers: Record<string, (input: never) => Promise<unknown>> = { ReadChanged: getQueryResults };
  // Athena tasks at the top and inside inline Maps (the shard-group copies).
  const nested = (state: State) =>
    ((state.ItemProcessor as Definition | undefined)?.States ?? {}) as Record<string, State>;
  for (const [name, state] of Object.entries(definition.States).flatMap(([n, s]) => [
    [n, s] as const,
    ...Object.entries(nested(s)),
  ])) {
    if (state.Resource === "arn:aws:states:::athena:startQueryExecution.sync") handlers[name] = athena;
  }
  handlers[itemsState("AssignShards")] = items("record_shards");
  handlers[itemsState("ScoreShards")] = items("pair_shards");
  handlers[itemsState("RepairComponents")] = items("repair_rows");
  handlers.SampleKeys = listObjects;
  handlers.Centroids = invoke;
  handlers.ReuseCentroids = invoke;
  for (const task of Object.values(MAP_TASKS)) handlers[task] = invoke;

  const machine = new StateMachine(definition as never, {
    validationOptions: { checkArn: false, checkPaths: false },
  });
  const execution = machine.run(input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never },
  });
  const output = (await execution.result) as Record<string, unknown>;
  return { output, propagationSteps, batches, workerSeconds, mostConcurrentCalls };
}
