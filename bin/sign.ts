import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

/** Credentials, or a provider of them (the default chain), as the signer takes them. */
export type Credentials = ConstructorParameters<typeof SignatureV4>[0]["credentials"];

/** A GET request to an IAM-authorised API, ready to send: URL and headers with SigV4 authorisation. */
export interface SignedRequest {
  url: string;
  headers: Record<string, string>;
}

/**
 * The region of an API Gateway URL (https://<id>.execute-api.<region>.amazonaws.com/), or undefined
 * for another host (a custom domain, a local server).
 */
export function regionOfApiUrl(url: URL): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname)?.[1];
}

/**
 * Signs a GET of `url` for API Gateway (service "execute-api") with SigV4, as the API's IAM
 * authoriser checks it. `signingDate` only for tests.
 */
export async function signGet(
  url: URL,
  options: {
    region: string;
    credentials: Credentials;
    signingDate?: Date;
  },
): Promise<SignedRequest> {
  const signer = new SignatureV4({
    service: "execute-api",
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
  });
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  const signed = await signer.sign(
    {
      method: "GET",
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers: { host: url.host },
    },
    { signingDate: options.signingDate },
  );
  return { url: url.toString(), headers: signed.headers as Record<string, string> };
}
