import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BundlingOptions, LogLevel, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";

const require = createRequire(import.meta.url);

/** The Lambda handler's source, the bundle's entry point. */
export const HANDLER_ENTRY = fileURLToPath(new URL("../lambda/handler.ts", import.meta.url));
/** The project root: where package-lock.json and node_modules are. */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** sql.js's WebAssembly, which its Node build reads from `__dirname` at run time. */
export const SQL_WASM = require.resolve("sql.js/dist/sql-wasm.wasm");

/**
 * The esbuild settings of the Lambda bundle, shared by the stack and the bundled-handler test.
 * - CJS, because sql.js locates its .wasm through `__dirname`, which ESM lacks.
 * - platform node (no "browser" export condition), so only sql.js's Node wasm build is pulled in.
 * - @aws-sdk/client-s3 and client-dynamodb are bundled, not taken from the runtime: the deployed code
 *   runs the SDK version the tests ran, and the Node 22 runtime's SDK can change under us. Each is
 *   bundled on its own into `node_modules/<package>/index.js` beside index.js (LAZY_PACKAGES), where
 *   the handler's `require` finds it before the runtime's copy: index.js stays ~1/4 of its size
 *   with them inside, and requiring it compiles no SDK code, which only an S3 or DynamoDB source runs
 *   (lambda/config.ts imports those sources on demand).
 * - minified with names kept, so stack traces and error names stay readable.
 * - lambda/text.ts loads `transliteration` on first use through `require` (one of LAZY_PACKAGES); its
 *   ESM fallback `createRequire(import.meta.url)` never runs in the bundle, so esbuild's warning that
 *   `import.meta` is empty in CJS is silenced.
 */
/**
 * Packages bundled each into its own file `node_modules/<package>/index.js` beside index.js and left
 * out of index.js: parsing and compiling their ~1 MB cost most of the cold start of a handler that
 * reads local files and never runs them (the AWS SDK clients serve only an S3 or DynamoDB source;
 * transliteration's dictionaries only text in other scripts, see lambda/text.ts).
 */
export const LAZY_PACKAGES = ["@aws-sdk/client-s3", "@aws-sdk/client-dynamodb", "transliteration"] as const;

export const BUNDLE = {
  target: "node22",
  format: "cjs",
  minify: true,
  keepNames: true,
  sourceMap: false,
  externalModules: [...LAZY_PACKAGES] as string[],
  logOverride: { "empty-import-meta": "silent" },
  /** node:crypto loaded on first use (lib/lazy-node-crypto.ts): nothing on the request path calls it. */
  alias: { "node:crypto": "./lib/lazy-node-crypto.ts" },
} as const;

/**
 * Hash of what the bundle is made from: lambda/'s sources (the handler imports nothing outside it),
 * the lockfile, this file's settings and the modules it aliases in. Given to CDK as the asset hash,
 * so synth does not fingerprint the whole project directory (node_modules included) to decide
 * whether to rebundle.
 */
export function bundleSourceHash(): string {
  const hash = createHash("sha256");
  const lambdaDir = join(PROJECT_ROOT, "lambda");
  const sources = readdirSync(lambdaDir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));
  for (const file of [
    ...sources.sort().map((name) => join(lambdaDir, name)),
    join(PROJECT_ROOT, "package-lock.json"),
    fileURLToPath(import.meta.url),
    ...Object.values(BUNDLE.alias).map((path) => join(PROJECT_ROOT, path)),
  ]) {
    hash.update(file.slice(PROJECT_ROOT.length)).update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** NodejsFunction `bundling` props: the local esbuild only (never Docker), plus the .wasm beside index.js. */
export function functionBundling(): BundlingOptions {
  return {
    assetHash: bundleSourceHash(),
    target: BUNDLE.target,
    format: OutputFormat.CJS,
    minify: BUNDLE.minify,
    keepNames: BUNDLE.keepNames,
    sourceMap: BUNDLE.sourceMap,
    externalModules: BUNDLE.externalModules,
    esbuildArgs: Object.fromEntries([
      ...Object.entries(BUNDLE.logOverride).map(([id, level]) => [`--log-override:${id}`, level]),
      ...Object.entries(BUNDLE.alias).map(([from, to]) => [`--alias:${from}`, to]),
    ]),
    logLevel: LogLevel.WARNING,
    forceDockerBundling: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => [
        `cp "${SQL_WASM}" "${join(outputDir, "sql-wasm.wasm")}"`,
        ...LAZY_PACKAGES.map((name) =>
          [
            `"${join(PROJECT_ROOT, "node_modules/.bin/esbuild")}"`,
            `"${require.resolve(name)}"`,
            "--bundle",
            "--platform=node",
            `--target=${BUNDLE.target}`,
            `--format=${BUNDLE.format}`,
            "--minify",
            "--keep-names",
            "--log-level=warning",
            `--outfile="${lazyPackageFile(outputDir, name)}"`,
          ].join(" "),
        ),
      ],
    },
  };
}

/** A bundle written by {@link bundleHandler}. */
export interface HandlerBundle {
  /** Path of index.js; sql-wasm.wasm and node_modules/ (LAZY_PACKAGES) sit beside it. */
  file: string;
  /** Source files bundled in, index.js's and the lazy packages', relative to the project root (from esbuild's metafiles). */
  inputs: string[];
}

/**
 * Bundles the handler with esbuild's JS API and the same settings into `outdir`, as NodejsFunction
 * would, with sql.js's wasm and the lazy packages beside it; returns the path of index.js.
 */
export async function bundleHandler(outdir: string): Promise<string> {
  return (await bundleHandlerWithInputs(outdir)).file;
}

/** {@link bundleHandler}, also telling which source files went into the bundle. */
export function bundleHandlerWithInputs(outdir: string): Promise<HandlerBundle> {
  return bundleEntry(HANDLER_ENTRY, outdir);
}

/**
 * Bundles any entry file with the Lambda bundle's settings into `outdir/index.js`, with sql.js's
 * wasm and the lazy packages beside it (the benchmarks bundle their probes this way, so they measure what Lambda runs).
 */
export async function bundleEntry(entry: string, outdir: string): Promise<HandlerBundle> {
  const { build } = await import("esbuild");
  const file = join(outdir, "index.js");
  await mkdir(outdir, { recursive: true });
  /** What the handler bundle and each lazily loaded package share. */
  const shared = {
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: "node",
    target: BUNDLE.target,
    format: BUNDLE.format,
    minify: BUNDLE.minify,
    keepNames: BUNDLE.keepNames,
    sourcemap: BUNDLE.sourceMap,
    metafile: true,
    logLevel: "warning",
  } as const;
  const result = await build({
    ...shared,
    entryPoints: [entry],
    external: BUNDLE.externalModules,
    logOverride: BUNDLE.logOverride,
    alias: BUNDLE.alias,
    outfile: file,
  });
  await copyFile(SQL_WASM, join(outdir, "sql-wasm.wasm"));
  const inputs = Object.keys(result.metafile.inputs);
  for (const name of LAZY_PACKAGES) {
    const lazy = await build({
      ...shared,
      entryPoints: [require.resolve(name)],
      outfile: lazyPackageFile(outdir, name),
    });
    inputs.push(...Object.keys(lazy.metafile.inputs));
  }
  return { file, inputs: [...new Set(inputs)] };
}

/** Where a LAZY_PACKAGES entry is written: Node's `require` from index.js finds it there first. */
export function lazyPackageFile(outdir: string, name: string): string {
  return join(outdir, "node_modules", name, "index.js");
}
