import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBConnection, type DuckDBDataChunk, DuckDBInstance } from "@duckdb/node-api";
import { tablePrefix } from "./definition.ts";
import { duckDbType, toDuckDb } from "./dialect.ts";
import {
  type Column,
  PARTITION_TYPES,
  SHARDS_PER_GROUP,
  type SqlStage,
  type StageParam,
  TABLES,
  type TableName,
} from "./sql.ts";

/** The typed arrays a numeric result column can be read into. */
export type TypedColumnKind = Int32ArrayConstructor | Uint32ArrayConstructor | Float32ArrayConstructor;

/** Values of the stage parameters. */
export type StageValues = Partial<Record<StageParam, number>>;

/** Tables the workers read (exported as files after a stage writes them) and write (imported, JSON lines). */
const EXPORTED: readonly TableName[] = ["record_shards", "pair_shards", "repair_rows"];
const IMPORTED: readonly TableName[] = ["knn_hits", "scores", "repaired"];
/**
 * Tables each run builds afresh and no later run reads: an incremental run drops one that an earlier
 * version made with other columns (record_keys held its keys as strings before session 56;
 * candidates had no `carry` before session 57).
 */
const REBUILT: readonly TableName[] = ["record_keys", "candidates"];

/** Columns as read_json's `columns` struct; a table's are its columns without partitions. */
export const jsonColumns = (columns: readonly Column[]): string =>
  columns.map(([n, t]) => `'${n}': '${duckDbType(t)}'`).join(", ");

/** Every `.json` file below a directory. */
function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".json"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * The SQL stages on DuckDB, embedded: the tables of sql.ts in one database, the Trino statements
 * through the shims, and a directory laid out like the S3 bucket (`tables/<name>/run=<n>/...`) where
 * the per-shard workers read their shards and write their rows, as they do in S3.
 */
export class DuckDbStages {
  readonly #dirty = new Set<TableName>();
  /** The last stage started: the next waits for it. */
  #last: Promise<unknown> = Promise.resolve();
  /** Seconds per stage name, summed over the loop's repetitions. */
  readonly seconds: Record<string, number> = {};
  /** Told of each stage as it ends, with its seconds (a run of hours reports as it goes). */
  onStage: (name: string, seconds: number) => void = () => {};

  private constructor(
    readonly dir: string,
    readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens a database with every table created (kept if there: an incremental run reopens the database
   * of the runs before it), working in `dir`. The database is a file there
   * (`stages.duckdb`, unless `inMemory`), so DuckDB keeps tables on disk and spills past
   * `memoryLimit` (default 4GB) instead of holding every stage table in memory.
   */
  static async open(
    dir: string,
    options: { threads?: number; inMemory?: boolean; memoryLimit?: string } = {},
  ): Promise<DuckDbStages> {
    mkdirSync(dir, { recursive: true });
    const instance = await DuckDBInstance.create(options.inMemory ? ":memory:" : join(dir, "stages.duckdb"), {
      ...(options.threads && { threads: String(options.threads) }),
      memory_limit: options.memoryLimit ?? "4GB",
      temp_directory: join(dir, "duckdb-tmp"),
    });
    const connection = await instance.connect();
    for (const [name, table] of Object.entries(TABLES)) {
      const columns = [
        ...table.columns.map(([n, t]) => `${n} ${duckDbType(t)}`),
        ...table.partitions.map((p) => `${p} ${duckDbType(PARTITION_TYPES[p] as Column[1])}`),
      ];
      if (REBUILT.includes(name as TableName)) {
        const reader = await connection.runAndReadAll(
          `SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) AS found FROM information_schema.columns WHERE table_name = '${name}'`,
        );
        const found = reader.getRowObjectsJS()[0]?.found;
        if (found && found !== columns.join(", ")) await connection.run(`DROP TABLE ${name}`);
      }
      await connection.run(`CREATE TABLE IF NOT EXISTS ${name} (${columns.join(", ")})`);
    }
    return new DuckDbStages(dir, instance, connection);
  }

  /** Where a table's files are, as under the bucket. */
  tableDir(table: TableName): string {
    return join(this.dir, tablePrefix(table));
  }

  /** Loads Parquet files (columns as the table's, without partitions), in order, into a run's partition. */
  async loadParquet(table: TableName, run: number, files: string | readonly string[]): Promise<void> {
    const list = (typeof files === "string" ? [files] : files).map((file) => `'${file}'`).join(", ");
    await this.connection.run(
      `INSERT INTO ${table} SELECT *, ${Number(run)} AS run FROM read_parquet([${list}])`,
    );
  }

  /** JSON-lines files holding a table's columns (no partitions), as one relation for a query. */
  jsonLines(paths: readonly string[], table: TableName): string {
    const list = paths.map((path) => `'${path}'`).join(", ");
    return `read_json([${list}], format = 'newline_delimited', columns = {${jsonColumns(TABLES[table].columns)}})`;
  }

  /**
   * Writes JSON lines holding a table's columns (no partitions) as a Parquet file, with DuckDB's
   * default codec and row groups unless given.
   */
  async toParquet(
    jsonLines: string,
    table: TableName,
    file: string,
    options: { compression?: "ZSTD" | "GZIP"; rowGroupSize?: number } = {},
  ): Promise<void> {
    const settings = [
      "FORMAT PARQUET",
      ...(options.compression ? [`COMPRESSION ${options.compression}`] : []),
      ...(options.rowGroupSize ? [`ROW_GROUP_SIZE ${Number(options.rowGroupSize)}`] : []),
    ];
    await this.connection.run(
      `COPY (SELECT * FROM ${this.jsonLines([jsonLines], table)}) TO '${file}' (${settings.join(", ")})`,
    );
  }

  /** Marks a table written by the workers since the last stage, to be read in before the next. */
  markWritten(table: TableName): void {
    this.#dirty.add(table);
  }

  /**
   * Runs one stage with its parameters; reads in worker output it refers to first, and writes out
   * worker input it produced after. Returns the rows of a SELECT. Stages started together (a Map's
   * iterations) run one after another: one connection, and each export reads what its stage wrote.
   */
  run(stage: SqlStage, values: StageValues): Promise<Record<string, unknown>[]> {
    const result = this.#last.then(() => this.#run(stage, values));
    this.#last = result.catch(() => {});
    return result;
  }

  async #run(stage: SqlStage, values: StageValues): Promise<Record<string, unknown>[]> {
    const started = performance.now();
    const run = values.run as number;
    for (const table of IMPORTED) {
      if (this.#dirty.has(table) && new RegExp(`\\b${table}\\b`).test(stage.sql)) {
        await this.#import(table, run);
        this.#dirty.delete(table);
      }
    }
    const params = stage.params.map((p) => {
      const v = values[p];
      if (v === undefined) throw new TypeError(`stage ${stage.name} needs parameter ${p}`);
      return v;
    });
    const reader = await this.connection.runAndReadAll(toDuckDb(stage.sql), params);
    const target = /^INSERT INTO (\w+)/.exec(stage.sql)?.[1] as TableName | undefined;
    if (target && EXPORTED.includes(target)) await this.#export(target, run, values.firstShard);
    const seconds = (performance.now() - started) / 1000;
    this.seconds[stage.name] = (this.seconds[stage.name] ?? 0) + seconds;
    this.onStage(stage.name, seconds);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  }

  /**
   * Columns of a query's result, as JS values (for reading large results out without row objects);
   * one empty array per column when there are no rows.
   */
  async columns(sql: string, params: number[] = []): Promise<unknown[][]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    const columns = reader.getColumnsJS() as unknown[][];
    return columns.length > 0 ? columns : Array.from({ length: reader.columnCount }, () => []);
  }

  /**
   * Numeric columns of a query's result, streamed chunk by chunk into typed arrays of the given
   * kinds: a 10^6-record run's ~1.7 × 10^7 pairs as JS arrays (or as one materialised result) would not
   * fit V8's default heap beside the prepared catalog.
   */
  async typedColumns<const T extends readonly TypedColumnKind[]>(
    sql: string,
    params: number[],
    kinds: T,
  ): Promise<{ [I in keyof T]: InstanceType<T[I]> }> {
    const result = await this.connection.stream(sql, params);
    let capacity = 1024;
    let columns = kinds.map((Kind) => new Kind(capacity));
    let rows = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      if (rows + chunk.rowCount > capacity) {
        while (rows + chunk.rowCount > capacity) capacity *= 2;
        columns = columns.map((old, i) => {
          const grown = new (kinds[i] as TypedColumnKind)(capacity);
          grown.set(old.subarray(0, rows));
          return grown;
        });
      }
      columns.forEach((column, i) => {
        const values = (chunk as DuckDBDataChunk).getColumnValues(i);
        for (let r = 0; r < values.length; r++) column[rows + r] = Number(values[r]);
      });
      rows += chunk.rowCount;
    }
    return columns.map((column) => column.slice(0, rows)) as { [I in keyof T]: InstanceType<T[I]> };
  }

  /**
   * Rows of a query as JS objects, streamed a chunk at a time (DuckDB's 2,048 rows): for results too
   * large to hold, read while no other query runs on this connection.
   */
  async *streamRows(sql: string, params: number[] = []): AsyncGenerator<Record<string, unknown>> {
    const result = await this.connection.stream(sql, params);
    for await (const rows of result.yieldRowObjectJs()) yield* rows as Record<string, unknown>[];
  }

  /** Rows of a query (for reading results out). */
  async query(sql: string, params: number[] = []): Promise<Record<string, unknown>[]> {
    return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJS() as Record<string, unknown>[];
  }

  /**
   * A directory per shard (`run=R/shard=S/`) of files in the table's format, as Athena writes one
   * prefix per partition: the shards of the group the stage copied (from `firstShard`, SHARDS_PER_GROUP
   * of them), or of the whole run.
   */
  async #export(table: TableName, run: number, firstShard?: number): Promise<void> {
    const spec: (typeof TABLES)[TableName] = TABLES[table];
    const columns = spec.columns.map(([n]) => n).join(", ");
    const runDir = join(this.tableDir(table), `run=${Number(run)}`);
    const group =
      firstShard === undefined
        ? ""
        : ` AND shard >= ${Number(firstShard)} AND shard < ${Number(firstShard) + SHARDS_PER_GROUP}`;
    const rows = `SELECT ${columns}, shard FROM ${table} WHERE run = ${Number(run)}${group}`;
    mkdirSync(runDir, { recursive: true });
    if (spec.format === "parquet") {
      // One pass per group of shards writes each group's directories: a query per shard read the whole
      // table each time, 1,000 times over at 10^7 records (10 s a shard there; session 54). A group
      // holds no more shards than DuckDB keeps files open (partitioned_write_max_open_files, 100):
      // past it DuckDB closes and reopens files, and one pass over 1,000 shards wrote ~143 files a
      // shard at 10^7 records (session 55).
      const codec = "compression" in spec ? spec.compression : "GZIP";
      const [{ open, first, last }] = (await this.query(
        `SELECT current_setting('partitioned_write_max_open_files') AS open, min(shard) AS first, max(shard) AS last FROM (${rows})`,
      )) as [{ open: number; first: number | null; last: number | null }];
      for (let from = Number(first ?? 0); from <= Number(last ?? -1); from += Number(open)) {
        await this.connection.run(
          `COPY (${rows} AND shard >= ${from} AND shard < ${from + Number(open)}) TO '${runDir}' (FORMAT PARQUET, COMPRESSION ${codec}, PARTITION_BY (shard), FILENAME_PATTERN 'data_{i}', OVERWRITE_OR_IGNORE)`,
        );
      }
      return;
    }
    // DuckDB's JSON COPY cannot partition: a query per shard, over the rows sorted by shard once, so
    // that each reads only its own row groups.
    await this.connection.run(`CREATE OR REPLACE TEMP TABLE export_rows AS ${rows} ORDER BY shard`);
    const shards = await this.query("SELECT DISTINCT shard FROM export_rows ORDER BY shard");
    for (const { shard } of shards) {
      const dir = join(runDir, `shard=${Number(shard)}`);
      mkdirSync(dir, { recursive: true });
      await this.connection.run(
        `COPY (SELECT ${columns} FROM export_rows WHERE shard = ${Number(shard)}) TO '${join(dir, "data_0.json")}' (FORMAT JSON)`,
      );
    }
    await this.connection.run("DROP TABLE export_rows");
  }

  async #import(table: TableName, run: number): Promise<void> {
    const files = jsonFiles(join(this.tableDir(table), `run=${run}`));
    if (files.length === 0) return;
    const list = files.map((f) => `'${f}'`).join(", ");
    await this.connection.run(
      `INSERT INTO ${table} SELECT *, ${Number(run)} AS run FROM read_json([${list}], format = 'newline_delimited', hive_partitioning = false, columns = {${jsonColumns(TABLES[table].columns)}})`,
    );
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
