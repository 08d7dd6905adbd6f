import { existsSync, mkdirSync, realpathSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * Readies an output path before a command does its work, so that a wrong `--out` ends the command at
 * once, on one line, instead of overwriting an input or failing after the work: throws an Error
 * saying what is wrong when the path names one of the inputs or a directory, or when its directory
 * cannot be made; otherwise makes its directory.
 * @example prepareOutput("--out", "data/groundtruth.csv", ["data/db.db", "data/groundtruth.csv"]) // throws
 */
export function prepareOutput(flag: string, output: string, inputs: readonly (string | undefined)[]): void {
  const target = canonical(output);
  const input = inputs.find((path) => path !== undefined && canonical(path) === target);
  if (input !== undefined)
    throw new Error(`${flag} ${output} is also an input (${input}); choose another path`);
  if (existsSync(output) && statSync(output).isDirectory())
    throw new Error(`${flag} ${output} is a directory; give a file path`);
  try {
    mkdirSync(dirname(output), { recursive: true });
  } catch (error) {
    throw new Error(
      `${flag} ${output}: cannot make its directory (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/** The path with symbolic links resolved when it exists, else made absolute. */
function canonical(path: string): string {
  return existsSync(path) ? realpathSync(path) : resolve(path);
}

/**
 * Writes a file whole or not at all: into `<path>.partial`, then renamed over `path`, so a reader
 * (the local server reading its model) or a crash never meets half a file.
 */
export function writeFileWhole(path: string, data: string | Uint8Array): void {
  writeFileSync(partialPath(path), data);
  renameSync(partialPath(path), path);
}

/** Where a file is written until it is whole (writeFileWhole, sample:merge): `<path>.partial`. */
export function partialPath(path: string): string {
  return `${path}.partial`;
}
