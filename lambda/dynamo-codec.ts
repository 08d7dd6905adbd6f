import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { FEATURE_VERSION } from "./features.ts";
import {
  OPTIONAL_COLUMNS,
  PREPARED_FORM_VERSION,
  type PreparedRecording,
  prepareRecording,
  type SoundRecording,
} from "./recording.ts";

/** The table's partition key: the recording's sr_id. */
export const CATALOG_KEY = "sr_id";
/** A DynamoDB item as the low-level API carries it. */
export type CatalogItem = Record<string, AttributeValue>;

const RAW_FIELDS = ["title", "artists", "isrcs", "contributors"] as const;
/** The attribute holding the retrieval index's neighbours of the item. */
const NEIGHBOURS = "neighbours";
/** The optional columns (recording.ts), by the attribute type they are stored as. */
const TEXT_COLUMNS = ["album", "title_latin", "artists_latin"] as const;
const NUMBER_COLUMNS = ["duration_ms", "year"] as const;
// A column added to OPTIONAL_COLUMNS and not to one of the two lists above fails to compile here.
const STORED_COLUMNS: readonly ((typeof TEXT_COLUMNS)[number] | (typeof NUMBER_COLUMNS)[number])[] =
  OPTIONAL_COLUMNS;

/**
 * One recording as a DynamoDB item: its raw fields as attributes (`null` as NULL; an optional column
 * only when the recording has it, so a stale item is prepared again from every field), and its prepared
 * form as one JSON string `prepared`, with `v` the feature version and `form` the prepared form's
 * version (PREPARED_FORM_VERSION) it was prepared under. The JSON is
 * generic (any plain object; Sets and Maps tagged), so the item follows PreparedRecording's fields
 * as they change without this codec listing them. `neighbours`, when the release has a retrieval
 * index (lambda/retrieval.ts), are the recording's likely duplicates, for `/matches`.
 */
export function encodeRecording(prepared: PreparedRecording, neighbours?: readonly string[]): CatalogItem {
  const { raw, ...rest } = prepared;
  const item: CatalogItem = {
    [CATALOG_KEY]: { S: raw.sr_id },
    prepared: { S: JSON.stringify(rest, replacer) },
    v: { N: String(FEATURE_VERSION) },
    form: { N: String(PREPARED_FORM_VERSION) },
  };
  for (const field of RAW_FIELDS) item[field] = raw[field] === null ? { NULL: true } : { S: raw[field] };
  for (const column of STORED_COLUMNS) {
    const value = raw[column];
    if (value === undefined) continue;
    item[column] =
      value === null ? { NULL: true } : typeof value === "number" ? { N: String(value) } : { S: value };
  }
  if (neighbours) item[NEIGHBOURS] = { L: neighbours.map((id) => ({ S: id })) };
  return item;
}

/** The item's likely duplicates from the retrieval index; undefined when it was stored without one. */
export function neighboursOf(item: CatalogItem): string[] | undefined {
  return item[NEIGHBOURS]?.L?.flatMap((value) => (value.S === undefined ? [] : [value.S]));
}

/**
 * The prepared recording an item holds. An item prepared under another feature or form version (or
 * without a prepared form) is prepared again from its raw fields, so a stale table answers
 * correctly, slower.
 * Throws TypeError when the item has no sr_id.
 */
export function decodeRecording(item: CatalogItem): PreparedRecording {
  const raw = rawOf(item);
  const json = item.prepared?.S;
  const current = item.v?.N === String(FEATURE_VERSION) && item.form?.N === String(PREPARED_FORM_VERSION);
  if (json === undefined || !current) return prepareRecording(raw);
  return { raw, ...(JSON.parse(json, reviver) as Omit<PreparedRecording, "raw">) };
}

/** The stored row of an item, as sql.js would return it. */
export function rawOf(item: CatalogItem): SoundRecording {
  const srId = item[CATALOG_KEY]?.S;
  if (srId === undefined) throw new TypeError(`catalog item without ${CATALOG_KEY}`);
  const raw: SoundRecording = { sr_id: srId, title: null, artists: null, isrcs: null, contributors: null };
  for (const field of RAW_FIELDS) raw[field] = item[field]?.S ?? null;
  for (const column of TEXT_COLUMNS) if (item[column]) raw[column] = item[column].S ?? null;
  for (const column of NUMBER_COLUMNS) {
    const stored = item[column]?.N;
    if (item[column]) raw[column] = stored === undefined ? null : Number(stored);
  }
  return raw;
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Set) return { $set: [...value] };
  if (value instanceof Map) return { $map: [...value] };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$set") return new Set((value as { $set: unknown[] }).$set);
    if (keys.length === 1 && keys[0] === "$map")
      return new Map((value as { $map: [unknown, unknown][] }).$map);
  }
  return value;
}
