import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * vitest globalSetup: every temp dir a test makes (fixture catalogs, dedupe outputs, s3rver roots,
 * browser profiles) lands under one directory of this run, removed when the run ends, so repeated
 * runs do not fill /tmp. Workers and the processes tests start inherit TMPDIR.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "sr-match-tests-"));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
