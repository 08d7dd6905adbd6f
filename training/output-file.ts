import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
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
 * Writes a file whole or not at all: into `<path>.partial`, flushed to the disk, then renamed over
 * `path`, so a reader (the local server reading its model) or a crash never meets half a file, and
 * a failed write (a full disk) leaves the old file and no partial one. A symbolic link is followed
 * to the file it names (made if missing), whose mode the new file keeps. `/dev/stdout` and
 * `/dev/stderr` are written through the process's own descriptors; any other path under /dev or
 * /proc, device or pipe is appended to as it stands.
 */
export function writeFileWhole(path: string, data: string | Uint8Array): void {
  const stream = STANDARD_STREAMS[resolve(path)];
  if (stream !== undefined) {
    // Through the process's own descriptor, so the text lands where the process's other output
    // does, whatever the shell sent it to (`> file`, `>> file`, a pipe).
    writeFileSync(stream, data);
    return;
  }
  const old = existsSync(path) ? statSync(path) : undefined;
  if (/^\/(dev|proc)\//.test(resolve(path)) || (old && !old.isFile())) {
    writeFileSync(path, data, { flag: "a" });
    return;
  }
  const target = old ? realpathSync(path) : linkTarget(path);
  const partial = partialPath(target);
  try {
    const fd = openSync(partial, "w");
    try {
      if (old) fchmodSync(fd, old.mode & 0o7777);
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, target);
  } catch (error) {
    if (existsSync(partial) && statSync(partial).isFile()) unlinkSync(partial);
    throw error;
  }
}

/** The paths that name this process's standard output and error, and their descriptors. */
const STANDARD_STREAMS: Readonly<Record<string, number>> = {
  "/dev/stdout": 1,
  "/dev/fd/1": 1,
  "/proc/self/fd/1": 1,
  "/dev/stderr": 2,
  "/dev/fd/2": 2,
  "/proc/self/fd/2": 2,
};

/** The file a missing path names: a dangling symbolic link's target, else the path itself. */
function linkTarget(path: string): string {
  const link = lstatSync(path, { throwIfNoEntry: false });
  return link?.isSymbolicLink() ? resolve(dirname(path), readlinkSync(path)) : path;
}

/** Where a file is written until it is whole (writeFileWhole, sample:merge): `<path>.partial`. */
export function partialPath(path: string): string {
  return `${path}.partial`;
}
