import { writeFileSync } from "node:fs";
import type { SoundRecording } from "../../lambda/recording.ts";
import { blockKeys } from "../dedupe/blocking.ts";
import type { DedupeKeys } from "../dedupe/keys.ts";
import { type MinhashRow, minhashRows } from "../dedupe/minhash.ts";
import { prepareStage } from "../dedupe/pipeline.ts";
import { RECORD_FIELDS } from "./sql.ts";

/** Changed records of a snapshot with their rids, whose rows one file of JSON lines holds. */
export interface SnapshotChunk {
  file: string;
  records: { record: SoundRecording; rid: number }[];
}

/** A record's snapshot fields (RECORD_FIELDS) by name, null where it has none. */
export const snapshotFields = (record: SoundRecording): Record<string, unknown> =>
  Object.fromEntries(
    RECORD_FIELDS.map(([name]) => [name, (record as unknown as Record<string, unknown>)[name] ?? null]),
  );

/**
 * Prepares a chunk's records and writes their snapshot rows (fields, blocking keys, MinHash rows,
 * changed) to its file as JSON lines. Pure but for the file, so chunks can be written on any thread
 * in any order (the snapshot is sorted by rid as it becomes Parquet).
 */
export function writeSnapshotChunk({ file, records }: SnapshotChunk): void {
  const { keys } = prepareStage(records.map((c) => c.record));
  const minhash = minhashRows(keys.map((key) => key.embeddingText));
  const lines = records.map(({ record, rid }, j) => {
    const { buckets, low } = minhash[j] as MinhashRow;
    const row = {
      rid,
      ...snapshotFields(record),
      block_keys: blockKeys(keys[j] as DedupeKeys),
      minhash_buckets: buckets,
      minhash_low: low,
      changed: true,
    };
    return `${JSON.stringify(row)}\n`;
  });
  writeFileSync(file, lines.join(""));
}
