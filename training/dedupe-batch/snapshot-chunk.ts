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

/** A record's value of each snapshot field (RECORD_FIELDS), null where it has none. */
export const fieldValues = (record: SoundRecording): unknown[] =>
  RECORD_FIELDS.map(([name]) => (record as unknown as Record<string, unknown>)[name] ?? null);

/**
 * Prepares a chunk's records and writes their snapshot rows (fields, blocking keys, MinHash rows,
 * changed) to its file as JSON lines. Pure but for the file, so chunks can be written on any thread
 * in any order (the snapshot is sorted by rid as it becomes Parquet).
 */
export function writeSnapshotChunk({ file, records }: SnapshotChunk): void {
  const { keys } = prepareStage(records.map((c) => c.record));
  const minhash = minhashRows(keys.map((key) => key.embeddingText));
  const lines = records.map(({ record, rid }, j) => {
    const values = fieldValues(record);
    const row: Record<string, unknown> = { rid };
    RECORD_FIELDS.forEach(([name], f) => {
      row[name] = values[f];
    });
    const { buckets, low } = minhash[j] as MinhashRow;
    row.block_keys = blockKeys(keys[j] as DedupeKeys);
    row.minhash_buckets = buckets;
    row.minhash_low = low;
    row.changed = true;
    return `${JSON.stringify(row)}\n`;
  });
  writeFileSync(file, lines.join(""));
}
