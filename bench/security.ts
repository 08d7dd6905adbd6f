import { run } from "./run.ts";

/** Security basics checked against the running service, plus the dependency audit attempt. */
export interface SecurityResult {
  /** Each probe: path, status, and whether the answer was JSON with nosniff and without leaks. */
  probes: { path: string; status: number; json: boolean; nosniff: boolean; leaks: boolean }[];
  queryCapStatus: number;
  audit: { ran: boolean; summary: string };
  productionDependencies: number;
}

/** Signs of a stack trace or a file path in a response body. */
const LEAK = /\bat .+\(|\/work\/|node_modules|\.ts:\d|Error: /;

export async function securityChecks(url: string, validPath: string): Promise<SecurityResult> {
  const paths = [
    validPath,
    `${validPath}&explain=true`,
    "/?q_sr_id=nope&m_sr_id=nope",
    "/?q_sr_id=%E0%A4%A&m_sr_id=%",
    `/?q_sr_id=${encodeURIComponent("1' OR '1'='1")}&m_sr_id=${encodeURIComponent("<script>")}`,
    "/nowhere",
    "/..%2f..%2fetc%2fpasswd",
  ];
  const probes = [];
  for (const path of paths) {
    const response = await fetch(`${url}${path}`);
    const body = await response.text();
    let json = /^application\/json/.test(response.headers.get("content-type") ?? "");
    try {
      JSON.parse(body);
    } catch {
      json = false;
    }
    probes.push({
      path,
      status: response.status,
      json,
      nosniff: response.headers.get("x-content-type-options") === "nosniff",
      leaks: LEAK.test(body),
    });
  }
  const capped = await fetch(`${url}${validPath}&pad=${"x".repeat(5000)}`);
  return {
    probes,
    queryCapStatus: capped.status,
    audit: await audit(),
    productionDependencies: await productionDependencies(),
  };
}

/** `npm audit --omit=dev`; this machine's registry answers 405 to audit requests, which is recorded. */
async function audit(): Promise<{ ran: boolean; summary: string }> {
  try {
    const { stdout } = await run("npm", ["audit", "--omit=dev", "--json"]);
    const report = JSON.parse(stdout) as { metadata?: { vulnerabilities?: Record<string, number> } };
    const v = report.metadata?.vulnerabilities ?? {};
    return { ran: true, summary: `high ${v.high ?? 0}, critical ${v.critical ?? 0}, total ${v.total ?? 0}` };
  } catch (error) {
    const lines = (error as Error).message.split("\n");
    const reason = lines.find((line) => /audit \d{3}/.test(line)) ?? lines.slice(0, 2).join(" ");
    return { ran: false, summary: `could not run: ${reason.replace(/^npm warn /, "")}` };
  }
}

async function productionDependencies(): Promise<number> {
  try {
    const { stdout } = await run("npm", ["ls", "--omit=dev", "--all", "--parseable"]);
    return stdout.trim().split("\n").length - 1;
  } catch {
    return NaN;
  }
}
