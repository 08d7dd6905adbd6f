import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noiseCsv, readNoise } from "../sample/noise-file.ts";
import { writeSmallSample } from "../sample-fixture.ts";

// `npm run dedupe` as a user runs it, on a small generated catalog: the in-memory engine's options.
const run = promisify(execFile);
const dedupe = (args: string[]) =>
  run(process.execPath, ["--import", "tsx", "training/dedupe/cli.ts", "--threads", "0", ...args]);
let dir: string;

beforeAll(async () => {
  dir = await writeSmallSample(300, 3);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const summaryOf = (out: string) => JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));

describe("npm run dedupe -- --search, --build-expansion", () => {
  it("names the expansion asked for in the summary and clusters every record", async () => {
    const out = join(dir, "e128");
    await dedupe(["--db", join(dir, "db.db"), "--out", out, "--search", "hnsw", "--build-expansion", "128"]);
    const summary = summaryOf(out);
    expect(summary.embedder).toMatch(/usearch HNSW \(build expansion 128\) k=10/);
    const clusters = readFileSync(join(out, "clusters.csv"), "utf8").trim().split("\n");
    expect(clusters.length - 1).toBe(summary.records);
  }, 120_000);

  it("names the default expansion when none is given", async () => {
    const out = join(dir, "hnsw");
    await dedupe(["--db", join(dir, "db.db"), "--out", out, "--search", "hnsw"]);
    expect(summaryOf(out).embedder).toMatch(/usearch HNSW \(build expansion 64\) k=10/);
  }, 120_000);

  it("searches with MinHash by default, and clusters every record", async () => {
    const out = join(dir, "default");
    await dedupe(["--db", join(dir, "db.db"), "--out", out]);
    const summary = summaryOf(out);
    expect(summary.embedder).toBe("minhash-char-3gram 32x2 LSH, top k=10, similarity ≥ 0.25");
    expect(summary.candidateSources).toContain("knn");
    expect(summary.cpuSeconds).toBeGreaterThan(0);
    const clusters = readFileSync(join(out, "clusters.csv"), "utf8").trim().split("\n");
    expect(clusters.length - 1).toBe(summary.records);
  }, 120_000);

  it("writes the same files on two threads, which read the catalog as a stream", async () => {
    const one = join(dir, "threads-0");
    const two = join(dir, "threads-2");
    await dedupe(["--db", join(dir, "db.db"), "--out", one]);
    await dedupe(["--db", join(dir, "db.db"), "--out", two, "--threads", "2"]);
    for (const file of ["candidates.csv", "clusters.csv"])
      expect(readFileSync(join(two, file), "utf8")).toBe(readFileSync(join(one, file), "utf8"));
    expect(Object.keys(summaryOf(two).stageSeconds)).toEqual([
      "load",
      "prepare",
      "candidates",
      "score",
      "cluster",
      "write",
    ]);
  }, 120_000);

  it("refuses an expansion that is not a positive integer, and the duckdb engine, in one line", async () => {
    for (const [args, message] of [
      [["--build-expansion", "0", "--search", "hnsw"], /argument '0' is invalid\. not a positive integer: 0/],
      [["--build-expansion", "128", "--engine", "duckdb"], /the duckdb engine's partitions use 64/],
      // Given explicitly, even at the memory engine's default, it would be ignored: refused too.
      [["--build-expansion", "64", "--engine", "duckdb"], /the duckdb engine's partitions use 64/],
      [["--engine", "spark"], /Allowed choices are memory, duckdb/],
      [["--build-expansion", "128"], /sets the HNSW index: add --search hnsw/],
      [["--search", "faiss"], /Allowed choices are minhash, hnsw/],
      [["--minhash-parts", "4"], /splits the MinHash search of the duckdb engine/],
      // --exact-knn makes the duckdb engine search with IVF, so the parts would be ignored.
      [["--minhash-parts", "4", "--engine", "duckdb", "--exact-knn"], /splits the MinHash search/],
      [["--minhash-parts", "101", "--engine", "duckdb"], /from 1 to 100 .*: 101/],
      [["--shards", "10001", "--engine", "duckdb"], /from 1 to 10000 .*: 10001/],
      [["--duckdb-memory", "8GB"], /limits the duckdb engine's DuckDB: add --engine duckdb/],
      [["--duckdb-memory", "lots", "--engine", "duckdb"], /not a size such as 8GB or 512MB: lots/],
    ] as const) {
      const failure = await dedupe(["--db", join(dir, "db.db"), "--out", join(dir, "x"), ...args]).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure).toMatchObject({ code: 1 });
      const { stderr } = failure as { stderr: string };
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});

describe("npm run dedupe -- --groundtruth on a generated sample", () => {
  it("evaluates the labels as written and, apart, with the generator's flipped labels put back", async () => {
    const out = join(dir, "evaluated");
    const { stdout, stderr } = await dedupe([
      ...["--db", join(dir, "db.db"), "--out", out, "--groundtruth", join(dir, "groundtruth.csv")],
    ]);
    const rows = [...(readNoise(join(dir, "sample-noise.csv")) ?? new Map()).values()];
    const flipped = rows.length;
    const toValid = rows.filter((row) => row.intended === "valid").length;
    expect(toValid).toBeGreaterThan(0);
    expect(flipped - toValid).toBeGreaterThan(0);
    expect(stderr).toContain(`sample-noise.csv: ${flipped} labels flipped on purpose, counted apart`);
    const { groundtruth: evaluation, groundtruthFlippedPutBack: intended } = summaryOf(out);
    expect(intended.flippedLabels).toBe(flipped);
    // Each flipped label moves its pair to the tag its kind implies.
    expect(intended.validPairs).toBe(evaluation.validPairs - (flipped - toValid) + toValid);
    expect(intended.invalidPairs).toBe(evaluation.invalidPairs + (flipped - toValid) - toValid);
    expect(stdout).toMatch(
      new RegExp(
        `with the ${flipped} flipped labels put back: pairs completeness [\\d.]+ on ${intended.validPairs} valid pairs`,
      ),
    );

    // The sample flips about as many labels each way, which the totals above cannot tell from no
    // change at all: a side file of the duplicates tagged invalid alone must add exactly those.
    const oneWay = join(dir, "to-valid-only.csv");
    writeFileSync(oneWay, noiseCsv(rows.filter((row) => row.intended === "valid")));
    const oneWayOut = join(dir, "evaluated-one-way");
    await dedupe([
      ...["--db", join(dir, "db.db"), "--out", oneWayOut, "--groundtruth", join(dir, "groundtruth.csv")],
      ...["--noise", oneWay],
    ]);
    const oneWaySummary = summaryOf(oneWayOut);
    expect(oneWaySummary.groundtruthFlippedPutBack.flippedLabels).toBe(toValid);
    expect(oneWaySummary.groundtruthFlippedPutBack.validPairs).toBe(evaluation.validPairs + toValid);
    expect(oneWaySummary.groundtruthFlippedPutBack.invalidPairs).toBe(evaluation.invalidPairs - toValid);
  }, 120_000);

  it("reads no side file that does not describe the labels, and needs --groundtruth for --noise", async () => {
    const otherLabels = join(dir, "other", "groundtruth.csv");
    mkdirSync(join(dir, "other"), { recursive: true });
    writeFileSync(
      otherLabels,
      readFileSync(join(dir, "groundtruth.csv"), "utf8").replaceAll(",valid", ",invalid"),
    );
    const out = join(dir, "stale");
    const { stderr } = await dedupe([
      ...["--db", join(dir, "db.db"), "--out", out, "--groundtruth", otherLabels],
      ...["--noise", join(dir, "sample-noise.csv")],
    ]);
    expect(stderr).toMatch(
      /sample-noise\.csv does not describe these labels .*; label noise not counted apart/,
    );
    expect(summaryOf(out).groundtruthFlippedPutBack).toBeUndefined();
    expect(summaryOf(out).groundtruth.validPairs).toBe(0);
    const failure = await dedupe([
      ...["--db", join(dir, "db.db"), "--out", out, "--noise", join(dir, "sample-noise.csv")],
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/--noise describes the labels of --groundtruth/);
  }, 120_000);
});

describe("npm run dedupe on a bad input file", () => {
  it("ends in one line naming the file, exit code 1, before any stage runs", async () => {
    const badPairs = join(dir, "bad-pairs.csv");
    writeFileSync(badPairs, "q_source_id,m_source_id,tag\n123,456,maybe\n");
    const notDb = join(dir, "not.db");
    writeFileSync(notDb, "not a database");
    for (const [args, message] of [
      [["--db", join(dir, "missing.db")], /^dedupe: ENOENT: .*missing\.db'\n$/],
      [["--db", notDb], /^dedupe: .* is not a sound-recording catalog: /],
      [
        ["--groundtruth", badPairs],
        /^dedupe: .*bad-pairs\.csv: line 2: tag must be valid or invalid, not "maybe"\n$/,
      ],
      [["--previous", badPairs], /^dedupe: .*bad-pairs\.csv: the header must name sr_id and cluster_id/],
      [
        ["--groundtruth", join(dir, "groundtruth.csv"), "--noise", join(dir, "no-such-noise.csv")],
        /^dedupe: .*no-such-noise\.csv: no such file \(--noise\)\n$/,
      ],
      [["--out", badPairs], /^dedupe: EEXIST: .*bad-pairs\.csv'\n$/],
      [["--index-into", badPairs], /^dedupe: .*bad-pairs\.csv is not a sound-recording catalog: /],
    ] as const) {
      const out = join(dir, "bad-out");
      const failure = await dedupe(["--db", join(dir, "db.db"), "--out", out, ...args]).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure).toMatchObject({ code: 1 });
      expect((failure as { stderr: string }).stderr).toMatch(message);
      // The stages write clusters.csv before the groundtruth is used: none means nothing ran.
      expect(() => readFileSync(join(out, "clusters.csv"))).toThrow(/ENOENT/);
    }
  }, 60_000);
});
