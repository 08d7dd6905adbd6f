import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { StateMachine } from "aws-local-stepfunctions";
import { dedupeDefinition, type MapLimits, type RunInput } from "./definition.ts";
import type { DuckDbStages, StageValues } from "./duckdb-stages.ts";
import { type SqlStage, STAGES } from "./sql.ts";
import type { BatchEvent, BatchResult } from "./worker-handler.ts";

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

/**
 * The definition with each Distributed Map made an inline Map the emulator runs: a Task
 * `<map>Items` before it stands in for ItemReader + ItemBatcher (it lists the shard files and
 * batches them), the Map iterates `$.items`, and ResultWriter / ToleratedFailurePercentage /
 * ProcessorConfig are dropped (the emulator supports none of them; the results stay in memory).
 */
export function inlineDistributedMaps(definition: Definition): Definition {
  const states: Record<string, State> = {};
  const maps = Object.keys(definition.States).filter((name) => definition.States[name]?.ItemReader);
  const rename = (next: unknown) =>
    typeof next === "string" && maps.includes(next) ? itemsState(next) : next;
  for (const [name, state] of Object.entries(definition.States)) {
    const copy: State = { ...state };
    if (copy.Next) copy.Next = rename(copy.Next);
    if (Array.isArray(copy.Choices))
      copy.Choices = copy.Choices.map((c: State) => ({ ...c, Next: rename(c.Next) }));
    if (copy.Default) copy.Default = rename(copy.Default);
    if (maps.includes(name)) {
      const { ItemReader, ItemBatcher, ResultWriter, ToleratedFailurePercentage, ItemProcessor, ...rest } =
        copy;
      const { ProcessorConfig, ...processor } = ItemProcessor as State;
      states[itemsState(name)] = {
        Type: "Task",
        Resource: (ItemReader as State).Resource,
        Parameters: {
          "run.$": "$.run",
          "threshold.$": "$.threshold",
          "cannotLinkBelow.$": "$.cannotLinkBelow",
        },
        ResultPath: "$.items",
        Next: name,
      };
      states[name] = { ...rest, ItemsPath: "$.items", ItemProcessor: processor };
    } else states[name] = copy;
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
  /** Lambda: one batch of shard objects (worker threads, or in-process). */
  invoke(event: BatchEvent): Promise<BatchResult>;
  limits: MapLimits;
}

/** What happened in a local run: the final state and how many propagation steps it took. */
export interface LocalRun {
  output: Record<string, unknown>;
  propagationSteps: number;
  batches: number;
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
  };
  const definition = inlineDistributedMaps(dedupeDefinition(refs, services.limits) as unknown as Definition);
  const bySql = new Map<string, SqlStage>(Object.values(STAGES).map((s) => [s.sql, s]));
  const results = new Map<string, Record<string, unknown>[]>();
  let propagationSteps = 0;
  let batches = 0;

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
  const items =
    (table: string, mode: "score" | "repair") =>
    async (p: { run: number; threshold: number; cannotLinkBelow: number }) => {
      const keys = listKeys(stages.dir, `tables/${table}/run=${p.run}/`);
      const out: BatchEvent[] = [];
      for (let i = 0; i < keys.length; i += services.limits.maxItemsPerBatch)
        out.push({
          Items: keys.slice(i, i + services.limits.maxItemsPerBatch).map((Key) => ({ Key })),
          BatchInput: { mode, run: p.run, threshold: p.threshold, cannotLinkBelow: p.cannotLinkBelow },
        });
      return out;
    };
  const invoke = async ({ Payload }: { Payload: BatchEvent }) => {
    batches++;
    const result = await services.invoke(Payload);
    stages.markWritten(Payload.BatchInput.mode === "score" ? "scores" : "repaired");
    return { Payload: result };
  };

  const handlers: Record<string, (input: never) => Promise<unknown>> = { ReadChanged: getQueryResults };
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Resource === "arn:aws:states:::athena:startQueryExecution.sync") handlers[name] = athena;
  }
  handlers[itemsState("ScoreShards")] = items("pair_shards", "score");
  handlers[itemsState("RepairComponents")] = items("repair_rows", "repair");
  handlers.ScoreShard = invoke;
  handlers.RepairShard = invoke;

  const machine = new StateMachine(definition as never, {
    validationOptions: { checkArn: false, checkPaths: false },
  });
  const execution = machine.run(input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never },
  });
  const output = (await execution.result) as Record<string, unknown>;
  return { output, propagationSteps, batches };
}
