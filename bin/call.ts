import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { Command } from "commander";
import { regionOfApiUrl, signGet } from "./sign.ts";

// `npm run call -- --url <ApiUrl> --q 123 --m 456 [--explain] [--region eu-west-1]`: one signed GET
// to the deployed API with the default credential chain (AWS_PROFILE, env, SSO, instance role...).
const options = new Command("call")
  .description("Call the IAM-authorised API with a SigV4-signed GET")
  .requiredOption(
    "--url <url>",
    "the stack output ApiUrl, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/",
  )
  .option("--q <id>", "q_sr_id")
  .option("--m <id>", "m_sr_id")
  .option("--path <path>", "path to call instead of /", "/")
  .option("--explain", "ask for the explanation of the decision")
  .option("--region <region>", "signing region (default: from the URL, else AWS_REGION)")
  .parse()
  .opts<{ url: string; q?: string; m?: string; path: string; explain?: boolean; region?: string }>();

try {
  const url = new URL(options.path, options.url);
  // The signed request goes to the API named by --url only: a --path of "//host/x" or a full URL
  // would resolve to another host, and send it a request signed with the caller's credentials.
  if (url.origin !== new URL(options.url).origin)
    throw new TypeError(
      `--path ${options.path} leaves ${new URL(options.url).origin}; give a path such as /health`,
    );
  if (options.q !== undefined) url.searchParams.set("q_sr_id", options.q);
  if (options.m !== undefined) url.searchParams.set("m_sr_id", options.m);
  if (options.explain) url.searchParams.set("explain", "true");
  const region = options.region ?? regionOfApiUrl(url) ?? process.env.AWS_REGION;
  if (!region) throw new TypeError("no region: pass --region, or set AWS_REGION");
  const signed = await signGet(url, { region, credentials: defaultProvider() });
  const response = await fetch(signed.url, { headers: signed.headers });
  console.log(await response.text());
  if (!response.ok) {
    console.error(`HTTP ${response.status}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`call failed: ${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
}
