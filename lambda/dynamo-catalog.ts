import { BatchGetItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ArtifactUnavailableError } from "./artifacts.ts";
import type { RecordingCatalog } from "./catalog.ts";
import { CATALOG_KEY, type CatalogItem, decodeRecording, neighboursOf } from "./dynamo-codec.ts";
import type { PreparedRecording } from "./recording.ts";

/** Where the DynamoDB catalog reads: the table, and a client (see {@link catalogClient}). */
export interface DynamoCatalogOptions {
  table: string;
  client: DynamoDBClient;
  /** Prepared recordings kept per process (first in, first out); default 100,000. */
  cacheSize?: number;
}

/** Attempts of one BatchGetItem while DynamoDB leaves keys unprocessed (throttling). */
const UNPROCESSED_ATTEMPTS = 4;

/**
 * A DynamoDB client tuned like the S3 one: one retry, 1 s to connect, 3 s of socket silence, so a
 * table that does not answer becomes a 503 well inside the function's timeout.
 * `endpoint` only for a DynamoDB-compatible server such as dynalite in tests.
 */
export function catalogClient(endpoint?: string): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
    ...(endpoint ? { endpoint } : {}),
  });
}

/** A recording as an item gives it: prepared, with its retrieval-index neighbours if it has any. */
interface StoredRecording {
  recording: PreparedRecording;
  neighbours: string[] | undefined;
}

/**
 * The catalog in a DynamoDB table (one item per recording, lambda/dynamo-codec.ts): a request's two
 * recordings come from one BatchGetItem, already prepared, and stay cached in the process; so do a
 * recording's neighbours for `/matches`, when the upload stored the release's retrieval index.
 * Unreadable tables surface as ArtifactUnavailableError (503).
 */
export class DynamoCatalog implements RecordingCatalog {
  readonly #table: string;
  readonly #client: DynamoDBClient;
  readonly #cache = new Map<string, StoredRecording>();
  readonly #cacheSize: number;

  constructor({ table, client, cacheSize = 100_000 }: DynamoCatalogOptions) {
    this.#table = table;
    this.#client = client;
    this.#cacheSize = cacheSize;
  }

  get description(): string {
    return `dynamodb:${this.#table}`;
  }

  /** A recording fetched before by {@link fetchMany} and still cached, else undefined. */
  get(srId: string): PreparedRecording | undefined {
    return this.#cache.get(srId)?.recording;
  }

  /** The neighbours of a recording fetched before and still cached (see {@link fetchMany}). */
  neighbours(srId: string): string[] | undefined {
    return this.#cache.get(srId)?.neighbours;
  }

  /**
   * Fetches the ids not cached in one BatchGetItem (up to 100 ids) and returns a catalog of all of
   * them, with the neighbours their items hold (undefined for an item stored without an index).
   */
  async fetchMany(srIds: readonly string[]): Promise<RecordingCatalog> {
    const found = new Map<string, StoredRecording>();
    const missing = new Set<string>();
    for (const id of srIds) {
      const cached = this.#cache.get(id);
      if (cached) found.set(id, cached);
      else missing.add(id);
    }
    if (missing.size > 0) {
      for (const item of await this.#batchGet([...missing])) {
        const stored = { recording: decodeRecording(item), neighbours: neighboursOf(item) };
        found.set(stored.recording.raw.sr_id, stored);
        this.#remember(stored);
      }
    }
    return {
      get: (srId) => found.get(srId)?.recording,
      neighbours: (srId) => found.get(srId)?.neighbours,
      close: () => {},
    };
  }

  /** Nothing to free: the table outlives a release, and the client is shared. */
  close(): void {}

  async #batchGet(ids: string[]): Promise<CatalogItem[]> {
    if (ids.length > 100) throw new RangeError("BatchGetItem takes at most 100 keys");
    const items: CatalogItem[] = [];
    let keys: CatalogItem[] = ids.map((id) => ({ [CATALOG_KEY]: { S: id } }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt === UNPROCESSED_ATTEMPTS) {
        throw new ArtifactUnavailableError(`dynamodb:${this.#table} left ${keys.length} keys unprocessed`);
      }
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const response = await this.#send(keys);
      items.push(...((response.Responses?.[this.#table] ?? []) as CatalogItem[]));
      keys = (response.UnprocessedKeys?.[this.#table]?.Keys ?? []) as CatalogItem[];
    }
    return items;
  }

  async #send(keys: CatalogItem[]) {
    try {
      return await this.#client.send(
        new BatchGetItemCommand({ RequestItems: { [this.#table]: { Keys: keys } } }),
      );
    } catch (error) {
      const { name, message } = error as Error;
      throw new ArtifactUnavailableError(`cannot read dynamodb:${this.#table}: ${name}: ${message}`);
    }
  }

  #remember(stored: StoredRecording): void {
    if (this.#cache.size >= this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(stored.recording.raw.sr_id, stored);
  }
}
