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
 * - @aws-sdk/client-s3 is bundled, not taken from the runtime: the deployed code runs the SDK version
 *   the tests ran, and the Node 22 runtime's SDK can change under us.
 * - minified with names kept, so stack traces and error names stay readable.
 */
export const BUNDLE = {
  target: "node22",
  format: "cjs",
  minify: true,
  keepNames: true,
  sourceMap: false,
  externalModules: [] as string[],
} as const;

/**
 * Hash of what the bundle is made from: lambda/'s sources (the handler imports nothing outside it),
 * the lockfile and this file's settings. Given to CDK as the asset hash, so synth does not fingerprint
 * the whole project directory (node_modules included) to decide whether to rebundle.
 */
export function bundleSourceHash(): string {
  const hash = createHash("sha256");
  const lambdaDir = join(PROJECT_ROOT, "lambda");
  const sources = readdirSync(lambdaDir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));
  for (const file of [
    ...sources.sort().map((name) => join(lambdaDir, name)),
    join(PROJECT_ROOT, "package-lock.json"),
    fileURLToPath(import.meta.url),
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
    logLevel: LogLevel.WARNING,
    forceDockerBundling: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => [`cp "${SQL_WASM}" "${join(outputDir, "sql-wasm.wasm")}"`],
    },
  };
}

/** A bundle written by {@link bundleHandler}. */
export interface HandlerBundle {
  /** Path of index.js; sql-wasm.wasm sits beside it. */
  file: string;
  /** Source files bundled in, relative to the project root (from esbuild's metafile). */
  inputs: string[];
}

/**
 * Bundles the handler with esbuild's JS API and the same settings into `outdir`, as NodejsFunction
 * would, and copies sql.js's wasm beside it; returns the path of index.js.
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
 * wasm beside it (the benchmarks bundle their probes this way, so they measure what Lambda runs).
 */
export async function bundleEntry(entry: string, outdir: string): Promise<HandlerBundle> {
  const { build } = await import("esbuild");
  const file = join(outdir, "index.js");
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: "node",
    target: BUNDLE.target,
    format: BUNDLE.format,
    minify: BUNDLE.minify,
    keepNames: BUNDLE.keepNames,
    sourcemap: BUNDLE.sourceMap,
    external: BUNDLE.externalModules,
    outfile: file,
    metafile: true,
    logLevel: "warning",
  });
  await copyFile(SQL_WASM, join(outdir, "sql-wasm.wasm"));
  return { file, inputs: Object.keys(result.metafile.inputs) };
}
