/**
 * The SQL stages of the batch dedupe, written once in Trino's dialect (Athena engine v3) and run on
 * DuckDB through the shims of ./dialect.ts. Every stage is an `INSERT INTO` a table partitioned by
 * `run` (an integer), so Athena adds the partition itself and DuckDB needs no CTAS; values come as
 * positional `?` parameters (Athena's ExecutionParameters, DuckDB's prepared statements), named in
 * `params` so that both engines bind them from one run description.
 */

import { BLOCK_WINDOW, BLOCKING_RULES } from "../dedupe/blocking.ts";
import { minhashLayout } from "../dedupe/minhash.ts";

/**
 * The bit of each candidate source in `sources`: the blocking rules in their order, then the
 * embedding neighbours (the in-memory engine's order, so both engines name sources alike).
 */
const RULE_BITS = BLOCKING_RULES.map((rule, i) => `WHEN '${rule.name}' THEN ${2 ** i}`).join(" ");
const KNN_BIT = 2 ** BLOCKING_RULES.length;
const OTHER_BIT = 2 ** (BLOCKING_RULES.length + 1);
/** The steps from a record of an oversized block to the ones it meets: `(1), (2), ...` up to BLOCK_WINDOW. */
const WINDOW_STEPS = Array.from({ length: BLOCK_WINDOW }, (_, i) => `(${i + 1})`).join(", ");

/** A stage: its SQL and the names of its positional parameters, in order. */
export interface SqlStage {
  name: string;
  sql: string;
  params: readonly StageParam[];
}

/** What a stage may be given: integers and the model threshold. */
export type StageParam =
  | "run"
  | "maxBlock"
  | "shards"
  | "threshold"
  | "iter"
  | "next"
  | "incremental"
  | "previousRun"
  | "recordShards"
  | "k"
  | "minhashParts"
  | "minhashPart"
  | "firstShard"
  | "searchAll";

/** One column of a table: name and Trino/Glue type (the DuckDB type is derived in ./dialect.ts). */
export type Column = readonly [
  name: string,
  type: "bigint" | "int" | "double" | "string" | "boolean" | "array<string>" | "array<bigint>" | "array<int>",
];

/** The raw record fields every shard row carries for both records (a worker needs no lookups). */
export const RECORD_FIELDS: readonly Column[] = [
  ["sr_id", "string"],
  ["title", "string"],
  ["artists", "string"],
  ["isrcs", "string"],
  ["contributors", "string"],
  ["album", "string"],
  ["duration_ms", "bigint"],
  ["year", "int"],
  ["title_latin", "string"],
  ["artists_latin", "string"],
];

/** A scored pair: both rids, the probability and the sources that proposed it (a bit each). */
const SCORED_PAIR_COLUMNS: readonly Column[] = [
  ["a", "bigint"],
  ["b", "bigint"],
  ["p", "double"],
  ["sources", "int"],
];

/** The type of each partition key a table names in `partitions` (Glue's; DuckDB's via ./dialect.ts). */
export const PARTITION_TYPES: Readonly<Record<string, Column[1]>> = {
  run: "bigint",
  shard: "int",
  iter: "int",
  part: "int",
  first_shard: "int",
  carry: "int",
};

/**
 * Shards per group: Athena writes at most 100 partitions in one INSERT (HIVE_TOO_MANY_OPEN_PARTITIONS
 * past that), so a stage whose output the workers read one shard at a time writes its rows once into
 * a staging table partitioned by shard group (`first_shard`, the group's first shard), and one copy
 * per group moves them into the shard-partitioned table: each copy reads its own group's partition.
 */
export const SHARDS_PER_GROUP = 100;

/** Shards of a table at most: the staging tables' INSERT writes one partition per group, at most 100 too. */
export const MAX_SHARDS = SHARDS_PER_GROUP * SHARDS_PER_GROUP;

/** The staging table of a shard-partitioned table: its columns and shard, partitioned by run and shard group. */
const staged = <const C extends readonly Column[]>(columns: C) =>
  ({
    columns: [...columns, ["shard", "int"]],
    partitions: ["run", "first_shard"],
    format: "parquet",
  }) as const;

const RECORD_SHARD_COLUMNS = [["rid", "bigint"], ...RECORD_FIELDS] as const satisfies readonly Column[];

const PAIR_SHARD_COLUMNS = [
  ["a", "bigint"],
  ["b", "bigint"],
  ["sources", "int"],
  ...RECORD_FIELDS.map(([n, t]) => [`a_${n}`, t] as const),
  ...RECORD_FIELDS.map(([n, t]) => [`b_${n}`, t] as const),
] as const satisfies readonly Column[];

const REPAIR_ROW_COLUMNS = [
  ["component", "bigint"],
  ["kind", "string"],
  ["a", "bigint"],
  ["b", "bigint"],
  ["p", "double"],
  ...RECORD_FIELDS,
] as const satisfies readonly Column[];

/** The tables; the last columns named in `partitions` are the partition keys, in this order. */
export const TABLES = {
  /**
   * The catalog snapshot: a stable `rid`, the raw fields, blocking keys `rule:key`, and the MinHash
   * of the record's text (its buckets and low bytes, training/dedupe/minhash.ts's minhashRows).
   */
  records: {
    columns: [
      ["rid", "bigint"],
      ...RECORD_FIELDS,
      ["block_keys", "array<string>"],
      ["minhash_buckets", "array<bigint>"],
      ["minhash_low", "array<int>"],
      ["changed", "boolean"],
    ],
    partitions: ["run"],
    format: "parquet",
  },
  /** The embedding stage's input: one object per shard (`rid % recordShards`), the raw fields. */
  record_shards: {
    columns: RECORD_SHARD_COLUMNS,
    partitions: ["run", "shard"],
    format: "json",
  },
  record_shards_staged: staged(RECORD_SHARD_COLUMNS),
  /** Written by the IVF search (JSON lines), one object per partition: `a` found `b` at cosine distance `d`. */
  knn_hits: {
    columns: [
      ["a", "bigint"],
      ["b", "bigint"],
      ["d", "double"],
    ],
    partitions: ["run"],
    format: "json",
  },
  /**
   * Each record's MinHash buckets, one row each, partitioned by part (`bucket % minhashParts`), so
   * each part's query reads its own rows and not every record's list of buckets.
   */
  buckets: {
    columns: [
      ["rid", "bigint"],
      ["bucket", "bigint"],
    ],
    partitions: ["run", "part"],
    format: "parquet",
  },
  /** MinHash neighbours of one part of the buckets (MINHASH_PART): each record's k best there, by rank key. */
  minhash_best: {
    columns: [
      ["a", "bigint"],
      ["rank_key", "bigint"],
    ],
    partitions: ["run"],
    format: "parquet",
  },
  /** Nearest neighbours (the neighbour search's output: each record's k best, `place` 1 the best). */
  knn_pairs: {
    columns: [
      ["a", "bigint"],
      ["b", "bigint"],
      ["place", "bigint"],
    ],
    partitions: ["run"],
    format: "parquet",
  },
  /**
   * Each record's blocking keys: the rule's source bit (RULE_BITS) and the key hashed to 64 bits, so
   * the candidates' window and self-join work on integers, not strings (at 1M, with DuckDB's memory
   * cut to 1.2 GB, the join spilled 849 MB instead of 5.4 GB; session 56). Two keys of one hash
   * would make one block: an expected 0.03 such pairs among 10^9 keys, and the model still scores
   * every pair it adds. Each run's keys are built again, from `records.block_keys`.
   */
  record_keys: {
    columns: [
      ["rid", "bigint"],
      ["bit", "int"],
      ["block", "bigint"],
      ["probe", "boolean"],
    ],
    partitions: ["run"],
    format: "parquet",
  },
  /**
   * A run's candidate pairs, each with the sources that proposed it. Partition `carry` 1: in
   * incremental mode, a pair of two unchanged records the previous run scored, which keeps that
   * score (CARRY_SCORES) instead of being scored again; 0: a pair to score. A daily run's stages that
   * read the pairs to score read only their partition, not every pair of the catalog.
   */
  candidates: {
    columns: [
      ["a", "bigint"],
      ["b", "bigint"],
      ["sources", "int"],
      ["shard", "int"],
    ],
    partitions: ["run", "carry"],
    format: "parquet",
  },
  /**
   * Shards the scorer reads: one object per file, both records' fields on each row. Parquet (ZSTD):
   * a record's fields stand on every pair it is in, which column compression takes back (a tenth
   * of the JSON lines' bytes at 100k).
   */
  pair_shards: {
    columns: PAIR_SHARD_COLUMNS,
    partitions: ["run", "shard"],
    format: "parquet",
    compression: "ZSTD",
  },
  pair_shards_staged: staged(PAIR_SHARD_COLUMNS),
  /** Written by the scorer (JSON lines), one object per shard: the pairs this run scored. */
  scores: {
    columns: SCORED_PAIR_COLUMNS,
    partitions: ["run"],
    format: "json",
  },
  /**
   * Every scored pair of a run with its probability and sources, carried ones too, in Parquet: what
   * the stages after scoring read. The scorer's JSON lines (`scores`, this run's new pairs only) are
   * read once, into here; reading them whole again on every stage made most of a daily run's bytes.
   */
  scored_pairs: {
    columns: SCORED_PAIR_COLUMNS,
    partitions: ["run"],
    format: "parquet",
  },
  /**
   * The links of a run: scored pairs at or above the threshold, as two integers in Parquet. Label
   * propagation reads them on every step; reading the scores (JSON lines with probability and
   * sources, every scored pair) there instead made most of a run's Athena bytes.
   */
  links: {
    columns: [
      ["a", "bigint"],
      ["b", "bigint"],
    ],
    partitions: ["run"],
    format: "parquet",
  },
  labels: {
    columns: [
      ["rid", "bigint"],
      ["label", "bigint"],
    ],
    partitions: ["run", "iter"],
    format: "parquet",
  },
  /**
   * An incremental run's records whose component may change: the changed and deleted records, the
   * other side of each pair scored again, and every member of the previous run's components holding
   * one of them. Only these are clustered again; every other component is carried as it was.
   */
  affected: {
    columns: [["rid", "bigint"]],
    partitions: ["run"],
    format: "parquet",
  },
  /** Each linked record's connected component (label propagation's final label): carried to the next run. */
  components: {
    columns: [
      ["rid", "bigint"],
      ["component", "bigint"],
    ],
    partitions: ["run"],
    format: "parquet",
  },
  /** The repair step's input: per component, member rows (kind 'm') and scored pair rows (kind 'p'). */
  repair_rows: {
    columns: REPAIR_ROW_COLUMNS,
    partitions: ["run", "shard"],
    format: "json",
  },
  repair_rows_staged: staged(REPAIR_ROW_COLUMNS),
  /**
   * Written by the repair step (shard-worker.ts's RepairRow): kind `cluster`, each linked record's
   * cluster (smallest rid of its repaired cluster); `link` and `refused`, the links that made a
   * cluster and those the repair refused; `component`, the pairs the repair scored per component.
   */
  repaired: {
    columns: [
      ["kind", "string"],
      ["rid", "bigint"],
      ["cluster", "bigint"],
      ["split", "int"],
      ["a", "bigint"],
      ["b", "bigint"],
      ["p", "double"],
      ["reason", "string"],
      ["scored", "int"],
    ],
    partitions: ["run"],
    format: "json",
  },
  clusters: {
    columns: [
      ["rid", "bigint"],
      ["sr_id", "string"],
      ["cluster", "bigint"],
    ],
    partitions: ["run"],
    format: "parquet",
  },
} as const satisfies Record<
  string,
  {
    columns: readonly Column[];
    partitions: readonly string[];
    format: "parquet" | "json";
    /** The Parquet codec, where not Athena's default (GZIP): the workers' input only. */
    compression?: "ZSTD";
  }
>;

export type TableName = keyof typeof TABLES;

/** A table's column names, comma-separated. */
const names = (columns: readonly Column[]) => columns.map(([n]) => n).join(", ");

/** A staging table's partition key: the first shard of the row's group. */
const FIRST_SHARD = `shard - shard % ${SHARDS_PER_GROUP} AS first_shard`;

const fields = (prefix: string, alias: string) =>
  RECORD_FIELDS.map(([n]) => `${alias}.${n} AS ${prefix}${n}`).join(", ");

/**
 * The embedding stage's shards: each record's raw fields, cut by `rid % recordShards`; in incremental
 * mode the changed records only (the others keep their place among the previous run's members). Staged:
 * COPY_RECORD_SHARDS moves them by group.
 */
export const WRITE_RECORD_SHARDS: SqlStage = {
  name: "write_record_shards",
  sql: `INSERT INTO record_shards_staged
SELECT ${names(RECORD_SHARD_COLUMNS)}, shard, run, ${FIRST_SHARD} FROM (
  SELECT r.rid, ${RECORD_FIELDS.map(([n]) => `r.${n}`).join(", ")}, r.run, CAST(r.rid % ? AS INTEGER) AS shard
  FROM records r
  WHERE r.run = ? AND (? = 0 OR r.changed)
) sharded`,
  params: ["recordShards", "run", "incremental"],
};

/** The shard-partitioned tables, each written through its staging table (SHARDS_PER_GROUP). */
export type ShardTable = "record_shards" | "pair_shards" | "repair_rows";

/** One group's rows from the staging table into the shard-partitioned table: at most SHARDS_PER_GROUP partitions. */
const copyShardGroup = (table: ShardTable): SqlStage => ({
  name: `copy_${table}`,
  sql: `INSERT INTO ${table}
SELECT ${names(TABLES[table].columns)}, run, shard FROM ${table}_staged WHERE run = ? AND first_shard = ?`,
  params: ["run", "firstShard"],
});

export const COPY_RECORD_SHARDS = copyShardGroup("record_shards");
export const COPY_PAIR_SHARDS = copyShardGroup("pair_shards");
export const COPY_REPAIR_ROWS = copyShardGroup("repair_rows");

/**
 * The embedding neighbours: of each record's hits over the partitions it was assigned to (the same
 * pair can be found in two), the k nearest, ties by id. In incremental mode only changed records were
 * searched for; the candidates stage keeps only pairs touching one anyway.
 */
export const KNN_TOP: SqlStage = {
  name: "knn_top",
  sql: `INSERT INTO knn_pairs
SELECT a, b, place, run FROM (
  SELECT a, b, run, row_number() OVER (PARTITION BY a ORDER BY d, b) AS place
  FROM (SELECT a, b, min(d) AS d, run FROM knn_hits WHERE run = ? GROUP BY a, b, run) best
) ranked
WHERE place <= ?`,
  params: ["run", "k"],
};

const MINHASH = minhashLayout();
/** The low bytes as columns l1..l64 of `sig`: joins carry scalars, not lists (three times faster on DuckDB). */
const LOW_BYTE_COLUMNS = Array.from(
  { length: MINHASH.width },
  (_, i) => `r.minhash_low[${i + 1}] AS l${i + 1}`,
);
/** How many of the two records' MinHash low bytes are equal (bandNeighbours' ranking). */
const EQUAL_LOW_BYTES = Array.from(
  { length: MINHASH.width },
  (_, i) => `CASE WHEN sa.l${i + 1} = sb.l${i + 1} THEN 1 ELSE 0 END`,
).join(" + ");

/**
 * How one record ranks another it meets: equal low bytes in the high half, the complement of its rid
 * in the low half, so the larger key is bandNeighbours' choice, as its packPartner packs it (more
 * equal bytes, then the lower rid), and the rid reads back from the key alone (MINHASH_MERGE).
 */
const RANK_KEY = `(${EQUAL_LOW_BYTES}) * 4294967296 + (4294967295 - m.b)`;

/**
 * The MinHash buckets of every record of the run, one row each, filed under their part: read once
 * here, so that the parts together read them once more, not once each.
 */
export const MINHASH_BUCKETS: SqlStage = {
  name: "minhash_buckets",
  sql: `INSERT INTO buckets
SELECT r.rid, t.bucket, r.run, CAST(t.bucket % ? AS INTEGER) AS part
FROM records r CROSS JOIN UNNEST(r.minhash_buckets) AS t(bucket)
WHERE r.run = ?`,
  params: ["minhashParts", "run"],
};

/**
 * The MinHash neighbours (the in-memory engine's default search, training/dedupe/minhash.ts) as an
 * equality join, one part of the buckets at a time, so that no query joins more than a part of the
 * catalog's buckets: records meet in a bucket of at most maxBucket records; each keeps, of those it
 * meets in the part and agrees with on at least minEqual hash values (minhash.ts,
 * MINHASH_MIN_SIMILARITY), the k with the largest RANK_KEY (`max_by` with a count instead of a
 * window, three times faster on DuckDB). A bucket lies whole in one part, so its size counts as in
 * one query. Every record of the run is searched for, in an incremental run too (the candidates stage
 * keeps the pairs touching a changed record or not scored by the last run), so an unchanged record's
 * neighbours may now include a changed one.
 */
export const MINHASH_PART: SqlStage = {
  name: "minhash_part",
  sql: `INSERT INTO minhash_best
WITH filed AS (
  SELECT rid, bucket, count(*) OVER (PARTITION BY bucket) AS n FROM buckets WHERE run = ? AND part = ?
), met AS (
  SELECT DISTINCT x.rid AS a, y.rid AS b
  FROM filed x JOIN filed y ON x.bucket = y.bucket AND x.rid <> y.rid
  WHERE x.n <= ${MINHASH.maxBucket}
), sig AS (
  SELECT r.rid, r.run, ${LOW_BYTE_COLUMNS.join(", ")} FROM records r WHERE r.run = ?
), ranked AS (
  SELECT m.a, sa.run, ${RANK_KEY} AS rank_key
  FROM met m JOIN sig sa ON sa.rid = m.a JOIN sig sb ON sb.rid = m.b
), best AS (
  SELECT a, run, max_by(rank_key, rank_key, ?) AS rank_keys
  FROM ranked WHERE rank_key >= ${MINHASH.minEqual * 2 ** 32} GROUP BY a, run
)
SELECT best.a, t.rank_key, best.run FROM best CROSS JOIN UNNEST(best.rank_keys) AS t(rank_key)`,
  params: ["run", "minhashPart", "run", "k"],
};

/**
 * Each record's k best over the parts: the k best of the union are among each part's k best. A pair
 * that met in two parts has one key, and a part run twice (a retry) writes the same rows: both count
 * once.
 */
export const MINHASH_MERGE: SqlStage = {
  name: "minhash_merge",
  sql: `INSERT INTO knn_pairs
WITH best AS (
  SELECT a, run, max_by(rank_key, rank_key, ?) AS rank_keys
  FROM (SELECT DISTINCT a, rank_key, run FROM minhash_best WHERE run = ?) kept
  GROUP BY a, run
)
SELECT best.a, 4294967295 - t.rank_key % 4294967296 AS b, t.place, best.run
FROM best CROSS JOIN UNNEST(best.rank_keys) WITH ORDINALITY AS t(rank_key, place)`,
  params: ["k", "run"],
};

/**
 * Blocking keys exploded: one row per record and distinct key, the rule's bit from the key's prefix
 * and the key as the first 64 bits of its MD5; a leading `-` (see blockKeys) marks a record that only
 * answers a one-sided rule's probes.
 */
export const PREPARE_KEYS: SqlStage = {
  name: "prepare_keys",
  sql: `INSERT INTO record_keys
SELECT DISTINCT rid, CASE substr(block, 1, strpos(block, ':') - 1) ${RULE_BITS} ELSE ${OTHER_BIT} END AS bit,
  from_big_endian_64(substr(md5(to_utf8(block)), 1, 8)) AS block, probe, run
FROM (
  SELECT r.rid, r.run, substr(k, 1, 1) <> '-' AS probe,
    CASE WHEN substr(k, 1, 1) = '-' THEN substr(k, 2) ELSE k END AS block
  FROM records r CROSS JOIN UNNEST(r.block_keys) AS t(k)
  WHERE r.run = ?
) keyed`,
  params: ["run"],
};

/**
 * Candidate pairs: records sharing a key of a block of at most `maxBlock` records (one of them a
 * probe: only one-sided rules have records that are not); in a larger block, each record with the
 * next BLOCK_WINDOW in sr_id order (an equality join on the position, as applyRule pairs them); and
 * embedding neighbours; each pair once
 * with a bit per source (RULE_BITS, then KNN_BIT: the in-memory engine's order). In incremental mode
 * (`incremental` = 1) the blocks are built again over every record, and the neighbours of every
 * record with MinHash (`searchAll` = 1), of the changed records only with IVF (`searchAll` = 0):
 * there a neighbour pair the previous run scored between two unchanged records is proposed again
 * as it was. A pair of two unchanged records that the previous run scored is filed under `carry` = 1
 * and keeps its score (CARRY_SCORES); every other pair is scored (a pair that touches a changed
 * record, or one the previous run did not score: a deletion or an edit frees a place among a
 * record's k best neighbours, shrinks a block under `maxBlock`, or moves a window of a larger one).
 * A previous pair that is no longer proposed (a new record took its place among the k best or in a
 * window, or its block outgrew `maxBlock`) is neither, as in a fresh run. A run's scored pairs hold
 * each pair once, so the joins add no row.
 */
export const CANDIDATES: SqlStage = {
  name: "candidates",
  sql: `INSERT INTO candidates
WITH keyed AS (
  SELECT rid, bit, block, probe, count(*) OVER (PARTITION BY block) AS n FROM record_keys WHERE run = ?
), oversized AS (
  SELECT k.rid, k.bit, k.block, k.probe, row_number() OVER (PARTITION BY k.block ORDER BY r.sr_id, k.rid) AS pos
  FROM keyed k JOIN records r ON r.rid = k.rid AND r.run = ?
  WHERE k.n > ?
), proposed AS (
  SELECT x.rid AS a, y.rid AS b, x.bit
  FROM keyed x JOIN keyed y ON x.block = y.block AND x.rid < y.rid
  WHERE x.n <= ? AND (x.probe OR y.probe)
  UNION ALL
  SELECT least(x.rid, y.rid) AS a, greatest(x.rid, y.rid) AS b, x.bit
  FROM oversized x CROSS JOIN (VALUES ${WINDOW_STEPS}) AS w(step)
  JOIN oversized y ON y.block = x.block AND y.pos = x.pos + w.step
  WHERE (x.probe OR y.probe) AND x.rid <> y.rid
  UNION ALL
  SELECT least(a, b) AS a, greatest(a, b) AS b, ${KNN_BIT} AS bit FROM knn_pairs WHERE run = ? AND a <> b AND a >= 0 AND b >= 0
  UNION ALL
  SELECT s.a, s.b, ${KNN_BIT} AS bit
  FROM scored_pairs s
  JOIN records ra ON ra.rid = s.a AND ra.run = ? AND NOT ra.changed
  JOIN records rb ON rb.rid = s.b AND rb.run = ? AND NOT rb.changed
  WHERE ? = 1 AND ? = 0 AND s.run = ? AND s.sources % ${2 * KNN_BIT} >= ${KNN_BIT}
), pairs AS (
  SELECT a, b, CAST(sum(DISTINCT bit) AS INTEGER) AS sources FROM proposed GROUP BY a, b
)
SELECT p.a, p.b, p.sources, CAST(p.a % ? AS INTEGER) AS shard, ra.run,
  CASE WHEN ? = 1 AND NOT ra.changed AND NOT rb.changed AND s.a IS NOT NULL THEN 1 ELSE 0 END AS carry
FROM pairs p JOIN records ra ON ra.rid = p.a AND ra.run = ? JOIN records rb ON rb.rid = p.b AND rb.run = ?
LEFT JOIN scored_pairs s ON s.run = ? AND s.a = p.a AND s.b = p.b`,
  params: [
    "run",
    "run",
    "maxBlock",
    "maxBlock",
    "run",
    "run",
    "run",
    "incremental",
    "searchAll",
    "previousRun",
    "shards",
    "incremental",
    "run",
    "run",
    "previousRun",
  ],
};

/** The shards: every candidate to score with both records' raw fields, staged (COPY_PAIR_SHARDS moves them by group). */
export const WRITE_SHARDS: SqlStage = {
  name: "write_shards",
  sql: `INSERT INTO pair_shards_staged
SELECT c.a, c.b, c.sources, ${fields("a_", "ra")}, ${fields("b_", "rb")}, c.shard, c.run,
  c.shard - c.shard % ${SHARDS_PER_GROUP} AS first_shard
FROM candidates c
JOIN records ra ON ra.rid = c.a AND ra.run = c.run
JOIN records rb ON rb.rid = c.b AND rb.run = c.run
WHERE c.run = ? AND c.carry = 0`,
  params: ["run"],
};

/** The pairs this run scored, from the scorer's JSON lines into Parquet (read once). */
export const WRITE_SCORED_PAIRS: SqlStage = {
  name: "write_scored_pairs",
  sql: `INSERT INTO scored_pairs
SELECT a, b, p, sources, run FROM scores WHERE run = ?`,
  params: ["run"],
};

/** Incremental mode: the carried candidates keep the previous run's probability, with this run's sources. */
export const CARRY_SCORES: SqlStage = {
  name: "carry_scores",
  sql: `INSERT INTO scored_pairs
SELECT c.a, c.b, s.p, c.sources, c.run
FROM candidates c JOIN scored_pairs s ON s.run = ? AND s.a = c.a AND s.b = c.b
WHERE c.run = ? AND c.carry = 1`,
  params: ["previousRun", "run"],
};

/**
 * Incremental mode: the records whose component may change (see the `affected` table). A pair scored
 * again (a candidate of this run not carried) brings in both sides' components, linked or not: a
 * superset of what the new links reach, found without reading the scores; so does a pair the
 * previous run scored that this run no longer proposes (its link, if it was one, is gone).
 *
 * The components reached are found first and their members read with `IN`: joining the previous
 * components with themselves on the component let DuckDB pair every two members of every component
 * before it filtered on the touched records (3.6 billion rows for the 59,910-record component of
 * session 59's 10M catalog), the join order WRITE_REPAIR_ROWS had.
 */
export const WRITE_AFFECTED: SqlStage = {
  name: "write_affected",
  sql: `INSERT INTO affected
WITH dropped AS (
  SELECT s.a, s.b FROM scored_pairs s LEFT JOIN candidates c ON c.run = ? AND c.a = s.a AND c.b = s.b
  WHERE s.run = ? AND c.a IS NULL
), touched AS (
  SELECT rid FROM records WHERE run = ? AND changed
  UNION
  SELECT p.rid FROM records p LEFT JOIN records c ON c.rid = p.rid AND c.run = ?
  WHERE p.run = ? AND c.rid IS NULL
  UNION
  SELECT a AS rid FROM candidates WHERE run = ? AND carry = 0
  UNION
  SELECT b AS rid FROM candidates WHERE run = ? AND carry = 0
  UNION
  SELECT a AS rid FROM dropped
  UNION
  SELECT b AS rid FROM dropped
), prior AS (
  SELECT rid, component FROM components WHERE run = ?
), reached AS (
  SELECT DISTINCT p.component FROM touched t JOIN prior p ON p.rid = t.rid
)
SELECT rid, CAST(? AS BIGINT) AS run FROM (
  SELECT rid FROM touched
  UNION
  SELECT rid FROM prior WHERE component IN (SELECT component FROM reached)
) affected_rids`,
  params: ["run", "previousRun", "run", "run", "previousRun", "run", "run", "previousRun", "run"],
};

/**
 * The links: every scored pair at or above the threshold; in incremental mode only those of affected
 * records (both sides are then affected: a carried link joins two records of one previous component).
 */
export const WRITE_LINKS: SqlStage = {
  name: "write_links",
  sql: `INSERT INTO links
SELECT a, b, run FROM scored_pairs
WHERE run = ? AND p >= ? AND (? = 0 OR a IN (SELECT rid FROM affected WHERE run = ?))`,
  params: ["run", "threshold", "incremental", "run"],
};

/** Label propagation, start: every record with a link is its own label. */
export const INIT_LABELS: SqlStage = {
  name: "init_labels",
  sql: `INSERT INTO labels
SELECT rid, rid AS label, run, 0 AS iter FROM (
  SELECT a AS rid, run FROM links WHERE run = ?
  UNION
  SELECT b AS rid, run FROM links WHERE run = ?
) linked`,
  params: ["run", "run"],
};

/**
 * What a propagation step reads: the links both ways (`edges`) and the last step's labels (`cur`).
 * Its placeholders come first in the step's parameters: run, run, run, iter.
 */
export const PROPAGATION_INPUTS = `edges AS (
  SELECT a AS src, b AS dst FROM links WHERE run = ?
  UNION ALL
  SELECT b AS src, a AS dst FROM links WHERE run = ?
), cur AS (
  SELECT rid, label FROM labels WHERE run = ? AND iter = ?
)`;

/**
 * Label propagation, one step: each record takes the smallest label offered to it. Offered are its
 * own label, its label's own label (pointer jumping), its links' labels, and (hooking) the links'
 * labels of every record that carries it as their label: a component's smallest label reaches the
 * record a whole tree points at, and the jump hands it on to the tree the next step. Plain min-label
 * propagation needs as many steps as the longest shortest path in a component (178 on session 60's
 * 10M catalog, 4,096 on a chain of 4,096 records); a label is always the rid of a record of the same
 * component, so the fixed point is the same: every record labelled with its component's smallest rid.
 */
export const PROPAGATE: SqlStage = {
  name: "propagate",
  sql: `INSERT INTO labels
WITH ${PROPAGATION_INPUTS}, seen AS (
  SELECT e.src AS rid, n.label FROM edges e JOIN cur n ON n.rid = e.dst
), offers AS (
  SELECT rid, label FROM cur
  UNION ALL
  SELECT c.rid, j.label FROM cur c JOIN cur j ON j.rid = c.label
  UNION ALL
  SELECT rid, label FROM seen
  UNION ALL
  SELECT c.label AS rid, s.label FROM seen s JOIN cur c ON c.rid = s.rid
)
SELECT rid, min(label) AS label, CAST(? AS BIGINT) AS run, CAST(? AS INTEGER) AS iter
FROM offers GROUP BY rid`,
  params: ["run", "run", "run", "iter", "run", "next"],
};

/** How many labels the last step changed; the Step Functions loop stops at 0. */
export const COUNT_CHANGED: SqlStage = {
  name: "count_changed",
  sql: `SELECT count(*) AS changed
FROM labels x JOIN labels y ON x.rid = y.rid
WHERE x.run = ? AND y.run = ? AND x.iter = ? AND y.iter = ? AND x.label <> y.label`,
  params: ["run", "run", "iter", "next"],
};

/**
 * Each linked record's component: the final labels and, in incremental mode, the previous run's
 * components that no affected record touches, as they were.
 */
export const WRITE_COMPONENTS: SqlStage = {
  name: "write_components",
  sql: `INSERT INTO components
SELECT rid, label AS component, run FROM labels WHERE run = ? AND iter = ?
UNION ALL
SELECT p.rid, p.component, CAST(? AS BIGINT) AS run
FROM components p LEFT JOIN affected x ON x.rid = p.rid AND x.run = ?
WHERE ? = 1 AND p.run = ? AND x.rid IS NULL`,
  params: ["run", "iter", "run", "run", "incremental", "previousRun"],
};

/**
 * The repair step's input: components of two or more records (label of the final step), each
 * member's fields and every scored pair inside the component, weak ones too (the cannot-links). Staged:
 * COPY_REPAIR_ROWS moves them by group.
 *
 * A pair is inside when both its ends carry one label: each end's label is looked up on its own and
 * the pair kept where the two agree. Joining the labels twice with `fb.label = fa.label` let DuckDB
 * join the labels with themselves on the label first (its estimate: 5.7 million rows), which is every
 * pair of members of every component: 3.6 billion rows for one component of 59,910 records in a 10M
 * catalog, spilled past the disk (session 59).
 */
export const WRITE_REPAIR_ROWS: SqlStage = {
  name: "write_repair_rows",
  sql: `INSERT INTO repair_rows_staged
WITH final AS (SELECT rid, label FROM labels WHERE run = ? AND iter = ?),
ends AS (
  SELECT s.a, s.b, s.p, f.label FROM scored_pairs s JOIN final f ON f.rid = s.a WHERE s.run = ?
  UNION ALL
  SELECT s.a, s.b, s.p, f.label FROM scored_pairs s JOIN final f ON f.rid = s.b WHERE s.run = ?
), inside AS (
  SELECT a, b, p, min(label) AS component FROM ends GROUP BY a, b, p
  HAVING count(*) = 2 AND min(label) = max(label)
)
SELECT ${names(REPAIR_ROW_COLUMNS)}, shard, run, ${FIRST_SHARD} FROM (
SELECT f.label AS component, 'm' AS kind, f.rid AS a, CAST(NULL AS BIGINT) AS b, CAST(NULL AS DOUBLE) AS p,
  ${RECORD_FIELDS.map(([n]) => `r.${n}`).join(", ")}, r.run, CAST(f.label % ? AS INTEGER) AS shard
FROM final f JOIN records r ON r.rid = f.rid AND r.run = ?
UNION ALL
SELECT i.component, 'p' AS kind, i.a, i.b, i.p,
  ${RECORD_FIELDS.map(([n, t]) => `CAST(NULL AS ${t === "string" ? "VARCHAR" : t === "int" ? "INTEGER" : "BIGINT"}) AS ${n}`).join(", ")},
  CAST(? AS BIGINT) AS run, CAST(i.component % ? AS INTEGER) AS shard
FROM inside i
) sharded`,
  params: ["run", "iter", "run", "run", "shards", "run", "run", "shards"],
};

/**
 * Incremental mode: the repair's rows of the components no affected record touches (their clusters,
 * links, refused links and repair counts), carried from the previous run; the repair map saw only
 * the affected components.
 */
export const CARRY_REPAIRED: SqlStage = {
  name: "carry_repaired",
  sql: `INSERT INTO repaired
SELECT p.kind, p.rid, p.cluster, p.split, p.a, p.b, p.p, p.reason, p.scored, CAST(? AS BIGINT) AS run
FROM repaired p LEFT JOIN affected x ON x.rid = coalesce(p.rid, p.a) AND x.run = ?
WHERE p.run = ? AND x.rid IS NULL`,
  params: ["run", "run", "previousRun"],
};

/** Every record's cluster: the repaired cluster of a linked record, else its own rid (a singleton). */
export const WRITE_CLUSTERS: SqlStage = {
  name: "write_clusters",
  sql: `INSERT INTO clusters
SELECT r.rid, r.sr_id, coalesce(x.cluster, r.rid) AS cluster, r.run
FROM records r LEFT JOIN repaired x ON x.rid = r.rid AND x.run = r.run AND x.kind = 'cluster'
WHERE r.run = ?`,
  params: ["run"],
};

/** The stages in the order a full run executes them (the propagation loop aside). */
export const STAGES = {
  WRITE_RECORD_SHARDS,
  COPY_RECORD_SHARDS,
  KNN_TOP,
  MINHASH_BUCKETS,
  MINHASH_PART,
  MINHASH_MERGE,
  PREPARE_KEYS,
  CANDIDATES,
  WRITE_SHARDS,
  COPY_PAIR_SHARDS,
  WRITE_SCORED_PAIRS,
  CARRY_SCORES,
  WRITE_AFFECTED,
  WRITE_LINKS,
  INIT_LABELS,
  PROPAGATE,
  COUNT_CHANGED,
  WRITE_COMPONENTS,
  WRITE_REPAIR_ROWS,
  COPY_REPAIR_ROWS,
  CARRY_REPAIRED,
  WRITE_CLUSTERS,
} as const;
