/**
 * Records per part of the MinHash search: each part's query joins about 32 bucket rows per record
 * of this many, the join of a whole 10^7-record catalog, so 10^8 records make 10 queries. An
 * assumption: on DuckDB at 10^6 records a tenth of the buckets took a seventh of the whole join's
 * time (each part also reads every record's low bytes; docs/measurements.md, "MinHash in parts of
 * the buckets"); Athena is untested, and its DML timeout (a quota) is 30 minutes.
 */
export const RECORDS_PER_MINHASH_PART = 10_000_000;

/**
 * Records per part on the local engine, whose DuckDB has 4 GB by default (duckdb-stages.ts): one
 * part of a 9,999,250-record catalog ran out of that memory after 10 minutes of spilling, while each
 * of ten parts took 61-87 s within it (docs/measurements.md, "A 10M run, session 53"; their merge
 * needed 8 GB); at 10^6 records one part is the fastest (ten took 138 s against 90 s).
 */
export const LOCAL_RECORDS_PER_MINHASH_PART = 1_000_000;

/** Parts of the MinHash search at most: MinhashBuckets writes one partition each, and an Athena INSERT writes at most 100. */
export const MAX_MINHASH_PARTS = 100;

/** The parts of a catalog of `records` by default: one per `perPart` records, at most MAX_MINHASH_PARTS. */
export function defaultMinhashParts(records: number, perPart = RECORDS_PER_MINHASH_PART): number {
  return Math.min(MAX_MINHASH_PARTS, Math.max(1, Math.ceil(records / perPart)));
}
