import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import { CATALOG_KEY } from "../../lambda/dynamo-codec.ts";

const CREDENTIALS = { accessKeyId: "DYNALITE", secretAccessKey: "DYNALITE" };
const REGION = "us-east-1";

/** A real DynamoDB-API server (dynalite, in memory) on 127.0.0.1, for tests and benchmarks. */
export interface LoopbackDynamo {
  /** e.g. "http://127.0.0.1:41234" */
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** The operation (x-amz-target, e.g. "DynamoDB_20120810.BatchGetItem") of every request served. */
  readonly requests: string[];
  /** Environment for code that builds its own client (the handler, the upload CLI). */
  env(): Record<string, string>;
  /** Creates an on-demand table keyed by sr_id, as the stack does. */
  createCatalogTable(name: string): Promise<void>;
  dispose(): Promise<void>;
}

/** Starts dynalite on a random loopback port. @example const db = await startLoopbackDynamo(); ... await db.dispose(); */
export async function startLoopbackDynamo(): Promise<LoopbackDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const requests: string[] = [];
  server.on("request", (request) => requests.push(String(request.headers["x-amz-target"] ?? "")));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: CREDENTIALS });
  return {
    endpoint,
    client,
    requests,
    env: () => ({
      DYNAMODB_ENDPOINT: endpoint,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    }),
    async createCatalogTable(name) {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: CATALOG_KEY, AttributeType: "S" }],
          KeySchema: [{ AttributeName: CATALOG_KEY, KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
    },
    async dispose() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
