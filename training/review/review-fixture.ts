import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { catalogBytes } from "../../lambda/catalog-fixture.ts";
import { modelFixture } from "../../lambda/model-fixture.ts";
import type { SoundRecording } from "../../lambda/recording.ts";
import { writePairs } from "../csv.ts";
import type { SessionFiles } from "./session.ts";

/** A catalog title that is markup; the page must show it as these characters. */
export const XSS_TITLE = "<img src=x onerror=alert(1)>";

const record = (sr_id: string, title: string, artists: string, isrcs = "None"): SoundRecording => ({
  sr_id,
  title,
  artists,
  isrcs,
  contributors: "A. Writer|B. Writer",
});

/** Five labelled pairs over ten recordings; `x1` carries the markup title. */
const RECORDS: readonly SoundRecording[] = [
  record("a1", "Blue Morning", "Ada Lane", "USAAA0000001"),
  record("a2", "Blue Morning (Live)", "Ada Lane", "USAAA0000002"),
  record("b1", "Paper Boats", "The Kites"),
  record("b2", "Paper Boats", "Kites The"),
  record("c1", "Night Drive", "Mora"),
  record("c2", "Night Drive - Remix", "Mora, DJ Oro"),
  record("d1", "Salt", "Ines Vale", "GBBBB0000001"),
  record("d2", "Salt", "Ines Vale", "GBBBB0000001"),
  record("x1", XSS_TITLE, "Eve Script"),
  record("x2", "Img Src", "Eve Script"),
];

/**
 * Writes a small review setup as real files in a fresh temp dir: catalog, groundtruth and a
 * hand-set model (not trained) whose review band covers every pair. For tests.
 */
export async function writeReviewFixture(): Promise<SessionFiles & { dir: string; reviews: string }> {
  const dir = mkdtempSync(join(tmpdir(), "sr-match-review-"));
  const files = {
    dir,
    db: join(dir, "db.db"),
    model: join(dir, "model.json"),
    groundtruth: join(dir, "groundtruth.csv"),
    reviews: join(dir, "reviews.db"),
  };
  writeFileSync(files.db, await catalogBytes(RECORDS));
  writeFileSync(files.model, JSON.stringify(modelFixture({ reviewBand: { lower: 0.001, upper: 0.999 } })));
  writePairs(files.groundtruth, [
    { q: "a1", m: "a2", tag: "invalid" },
    { q: "b1", m: "b2", tag: "valid" },
    { q: "c1", m: "c2", tag: "invalid" },
    { q: "d1", m: "d2", tag: "valid" },
    { q: "x1", m: "x2", tag: "invalid" },
  ]);
  return files;
}
