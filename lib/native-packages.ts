import { join } from "node:path";
import { PROJECT_ROOT } from "./bundling.ts";

/** Packages with a native addon the worker imports: kept out of esbuild's bundle. */
export const NATIVE_PACKAGES = ["usearch"] as const;

/**
 * What the worker's bundle directory needs beside index.js for usearch to load on Lambda (arm64):
 * its JavaScript, its linux-arm64 prebuilt binary, and the packages it loads the binary with, copied
 * from node_modules (paths relative to the package; everything else, e.g. other platforms, left out).
 */
const COPIES: Record<string, readonly string[]> = {
  usearch: ["package.json", "javascript/dist", "prebuilds/linux-arm64"],
  "node-gyp-build": ["."],
  bindings: ["."],
  "file-uri-to-path": ["."],
};

/** Shell commands copying {@link COPIES} into `outputDir/node_modules`. */
export function nativePackageCopies(outputDir: string): string[] {
  return Object.entries(COPIES).flatMap(([name, paths]) =>
    paths.map((path) => {
      const target = join(outputDir, "node_modules", name, path === "." ? "" : path);
      const parent = path === "." ? join(outputDir, "node_modules", name) : join(target, "..");
      return `mkdir -p "${parent}" && cp -r "${join(PROJECT_ROOT, "node_modules", name, path)}${path === "." ? "/." : ""}" "${target}"`;
    }),
  );
}
