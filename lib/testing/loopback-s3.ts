import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

/** The credentials s3rver checks signatures against. */
export const LOOPBACK_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
export const LOOPBACK_REGION = "us-east-1";

/** A real S3-API server (s3rver) on 127.0.0.1, in a temporary directory, for tests and benchmarks. */
export interface LoopbackS3 {
  /** e.g. "http://127.0.0.1:41234" */
  readonly endpoint: string;
  readonly port: number;
  /** A path-style client with the loopback credentials. */
  readonly client: S3Client;
  /** "METHOD /path" of every request served since start, in order. */
  readonly requests: string[];
  /** Environment for code that builds its own client (the handler, the upload CLI). */
  env(): Record<string, string>;
  /** Stops serving; the stored objects stay for the next `start`. */
  stop(): Promise<void>;
  /** Serves again on the same port and directory. */
  start(): Promise<void>;
  /** Stops and deletes the directory. */
  dispose(): Promise<void>;
}

/**
 * Starts s3rver on a random loopback port with the given buckets created.
 * @example const s3 = await startLoopbackS3(["artifacts"]); ... await s3.dispose();
 */
export async function startLoopbackS3(buckets: readonly string[]): Promise<LoopbackS3> {
  const directory = await mkdtemp(join(tmpdir(), "s3rver-"));
  const requests: string[] = [];
  let server: S3rver | undefined;
  let port = 0;

  async function start(): Promise<void> {
    const next = new S3rver({
      address: "127.0.0.1",
      port,
      silent: true,
      directory,
      configureBuckets: buckets.map((name) => ({ name })),
    });
    const address: AddressInfo = await next.run();
    next.httpServer.on("request", (request) => requests.push(`${request.method} ${request.url}`));
    port = address.port;
    server = next;
  }

  async function stop(): Promise<void> {
    const running = server;
    server = undefined;
    if (!running) return;
    running.httpServer.closeAllConnections();
    await running.close();
  }

  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: LOOPBACK_REGION,
    credentials: LOOPBACK_CREDENTIALS,
  });
  return {
    endpoint,
    port,
    client,
    requests,
    env: () => ({
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: "true",
      AWS_REGION: LOOPBACK_REGION,
      AWS_ACCESS_KEY_ID: LOOPBACK_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOOPBACK_CREDENTIALS.secretAccessKey,
    }),
    stop,
    start,
    async dispose() {
      client.destroy();
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
