import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalogBytes, EXAMPLE_RECORDS } from "./catalog-fixture.ts";
import { modelFixture } from "./model-fixture.ts";

/** Paths of a catalog and a model file on disk. */
export interface ArtifactPaths {
  catalogPath: string;
  modelPath: string;
}

/** A fresh temp dir's future artifact paths (nothing written yet), for tests. */
export function fixturePaths(prefix = "sr-match-"): ArtifactPaths {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { catalogPath: join(dir, "db.db"), modelPath: join(dir, "model.json") };
}

/** Writes the example catalog and the fixture model as real files, for tests. */
export async function writeFixtureArtifacts(paths: ArtifactPaths = fixturePaths()): Promise<ArtifactPaths> {
  writeFileSync(paths.catalogPath, await catalogBytes(EXAMPLE_RECORDS));
  writeFileSync(paths.modelPath, JSON.stringify(modelFixture()));
  return paths;
}
