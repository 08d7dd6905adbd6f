import { execFile } from "node:child_process";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionOfApiUrl, signGet } from "./sign.ts";

// `npm run call` against a real loopback HTTP server standing in for API Gateway: it captures the
// request and checks its SigV4 signature by signing the same request again with the same key and
// time, as API Gateway's IAM authoriser does. No AWS here.
const run = promisify(execFile);
const KEY = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
let server: Server;
let base: string;
const captured: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    captured.push(request);
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"class":"valid"}');
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => {
  server.close();
});

/** Parses an SigV4 Authorization header into its parts. */
function authorization(header: string | undefined) {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      header ?? "",
    );
  if (!match) throw new Error(`not a SigV4 Authorization header: ${header}`);
  const [, keyId, day, region, service, signedHeaders, signature] = match;
  return { keyId, day, region, service, signedHeaders: signedHeaders?.split(";"), signature };
}

describe("npm run call", () => {
  it("sends a GET whose SigV4 signature verifies, with the default credential chain", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "bin/call.ts", "--url", base, "--q", "123", "--m", "456", "--region", "eu-west-1"],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: KEY.accessKeyId,
          AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
          AWS_PROFILE: "",
        },
      },
    );
    expect(stdout.trim()).toBe('{"class":"valid"}');
    const request = captured.at(-1) as IncomingMessage;
    expect(request.method).toBe("GET");
    expect(request.url).toBe("/?q_sr_id=123&m_sr_id=456");
    const auth = authorization(request.headers.authorization);
    expect(auth).toMatchObject({ keyId: KEY.accessKeyId, region: "eu-west-1", service: "execute-api" });
    expect(auth.signedHeaders).toEqual(expect.arrayContaining(["host", "x-amz-date"]));
    const amzDate = request.headers["x-amz-date"] as string;
    expect(amzDate.slice(0, 8)).toBe(auth.day);

    const signingDate = new Date(
      amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"),
    );
    const again = await signGet(new URL(request.url as string, base), {
      region: "eu-west-1",
      credentials: KEY,
      signingDate,
    });
    expect(authorization(again.headers.authorization).signature).toBe(auth.signature);
    const forged = await signGet(new URL("/?q_sr_id=123&m_sr_id=789", base), {
      region: "eu-west-1",
      credentials: KEY,
      signingDate,
    });
    expect(authorization(forged.headers.authorization).signature).not.toBe(auth.signature);
  });

  it("refuses a --path that leaves --url's host, sending no signed request anywhere", async () => {
    const other = createServer((request, response) => {
      captured.push(request);
      response.end("{}");
    });
    other.listen(0, "127.0.0.1");
    await once(other, "listening");
    const elsewhere = `//127.0.0.1:${(other.address() as AddressInfo).port}/steal`;
    const before = captured.length;
    const failure = run(
      process.execPath,
      ["--import", "tsx", "bin/call.ts", "--url", base, "--path", elsewhere, "--region", "eu-west-1"],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: KEY.accessKeyId,
          AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
        },
      },
    );
    await expect(failure).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--path .* leaves /),
    });
    expect(captured.length).toBe(before);
    other.close();
  });

  it("fails with one line and exit code 1 when the API refuses", async () => {
    const refusing = createServer((_request, response) => {
      response.writeHead(403, { "content-type": "application/json" });
      response.end('{"message":"Forbidden"}');
    });
    refusing.listen(0, "127.0.0.1");
    await once(refusing, "listening");
    const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/`;
    const failure = run(
      process.execPath,
      ["--import", "tsx", "bin/call.ts", "--url", url, "--q", "1", "--m", "2", "--region", "eu-west-1"],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: KEY.accessKeyId,
          AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
          AWS_PROFILE: "",
        },
      },
    );
    await expect(failure).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("HTTP 403") });
    refusing.close();
  });

  it("takes the region from an API Gateway URL", () => {
    expect(regionOfApiUrl(new URL("https://a1b2c3.execute-api.eu-west-1.amazonaws.com/"))).toBe("eu-west-1");
    expect(regionOfApiUrl(new URL("http://127.0.0.1:8002/"))).toBeUndefined();
  });
});
