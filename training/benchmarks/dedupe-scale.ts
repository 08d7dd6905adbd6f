import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { basename, dirname, join } from "node:path";
import { DEFAULT_SEARCH, type NeighbourSearch } from "../dedupe/candidate-stage.ts";

/** One row of the speed table, from the dedupe CLI's own summary.json and the clock around it. */
export interface ScaleRow {
  records: number;
  /** Worker threads of the run (0: every stage in one thread, the baseline). */
  threads: number;
  /** Embedding neighbours per record (0: the blocking rules alone); absent in rows written before it was an option: 10. */
  k?: number;
  /** How the neighbours were searched; absent in rows written before it was an option: hnsw. */
  search?: NeighbourSearch;
  candidates: number;
  /** The CLI's own total (load to write), and the wall clock of its whole process (+ startup). */
  totalSeconds: number;
  wallSeconds: number;
  stageSeconds: Record<string, number>;
  /** Peak RSS of the process, worker threads included (process.resourceUsage().maxRSS). */
  peakRssMb: number;
  /** CPU seconds of the process, every thread (summary.json's cpuSeconds); absent in rows written before it was kept. */
  cpuSeconds?: number;
  recordsPerSecond: number;
  /** Lowest and highest 1-minute load average sampled every 5 s during the run. */
  load: [number, number];
  /** Pairs completeness on the catalog's groundtruth.csv, and with its flipped labels put back. */
  pairsCompleteness?: { labels: number; flippedPutBack?: number };
  /** Pairwise F1 of the clusters on the same labelled pairs, likewise. */
  clusterF1?: { labels: number; flippedPutBack?: number };
}

/**
 * Generates a catalog of about `records` recordings (the sample generator at pairs ≈ records × 0.51,
 * seed 7) in `dir` unless there; its db.db path.
 */
export function scaleCatalog(dir: string, records: number): string {
  const catalogDir = join(dir, `catalog-${records}`);
  if (!existsSync(join(catalogDir, "db.db"))) {
    mkdirSync(catalogDir, { recursive: true });
    const pairs = String(Math.round(records * 0.5107));
    execFileSync(
      process.execPath,
      ["--import", "tsx", "training/sample/cli.ts", "--out", catalogDir, "--pairs", pairs, "--seed", "7"],
      { stdio: "inherit" },
    );
  }
  return join(catalogDir, "db.db");
}

/**
 * Runs `npm run dedupe` end to end in a fresh process on a catalog file, with `threads` worker
 * threads (0: the single-thread path) and `k` neighbours per record (0: the blocking rules alone)
 * found by `search`, writing to `dir`.
 */
export async function scaleRun(
  dir: string,
  db: string,
  threads: number,
  k = 10,
  search: NeighbourSearch = DEFAULT_SEARCH,
): Promise<ScaleRow> {
  const suffix = `${k === 10 ? "" : `-k${k}`}${search === DEFAULT_SEARCH ? "" : `-${search}`}`;
  const out = join(dir, `dedupe-${basename(dirname(db))}-t${threads}${suffix}`);
  const loads = [loadavg()[0] as number];
  const sampler = setInterval(() => loads.push(loadavg()[0] as number), 5000);
  const started = performance.now();
  const groundtruth = join(dirname(db), "groundtruth.csv");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "training/dedupe/cli.ts",
      "--db",
      db,
      "--out",
      out,
      "--threads",
      String(threads),
      "--k",
      String(k),
      "--search",
      search,
      ...(existsSync(groundtruth) ? ["--groundtruth", groundtruth] : []),
    ],
    { stdio: ["ignore", "inherit", "ignore"] },
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearInterval(sampler);
  loads.push(loadavg()[0] as number);
  if (code !== 0) throw new Error(`dedupe of ${db} with ${threads} threads exited with ${code}`);
  const wallSeconds = (performance.now() - started) / 1000;
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  return {
    records: summary.records,
    threads,
    k,
    search,
    candidates: summary.candidates,
    totalSeconds: summary.totalSeconds,
    wallSeconds: Number(wallSeconds.toFixed(1)),
    stageSeconds: summary.stageSeconds,
    peakRssMb: summary.peakRssMb,
    cpuSeconds: summary.cpuSeconds,
    recordsPerSecond: Math.round(summary.records / summary.totalSeconds),
    load: [Math.min(...loads), Math.max(...loads)],
    ...(summary.groundtruth && {
      pairsCompleteness: {
        labels: summary.groundtruth.pairsCompleteness,
        flippedPutBack: summary.groundtruthFlippedPutBack?.pairsCompleteness,
      },
      clusterF1: {
        labels: summary.groundtruth.clusterPairwise.f1,
        flippedPutBack: summary.groundtruthFlippedPutBack?.clusterPairwise.f1,
      },
    }),
  };
}

/**
 * How a row ran: its threads ("0 (baseline)" for the single-thread path), its k unless the default
 * 10, and its neighbour search unless the default.
 */
export function runLabel(r: ScaleRow): string {
  const threads = r.threads === 0 ? "0 (baseline)" : String(r.threads);
  if (r.k === 0) return `${threads}, blocking rules only (k = 0)`;
  const search = r.search ?? "hnsw";
  const searchNote = search === DEFAULT_SEARCH ? "" : `, ${search} neighbours`;
  return `${r.k === undefined || r.k === 10 ? threads : `${threads}, k = ${r.k}`}${searchNote}`;
}

/** A row's pairs completeness as labelled and with the flipped labels put back, or "-". */
export function completeness(r: ScaleRow): string {
  return labelsAndPutBack(r.pairsCompleteness);
}

/** A row's cluster pairwise F1 as labelled and with the flipped labels put back, or "-". */
export function clusterF1(r: ScaleRow): string {
  return labelsAndPutBack(r.clusterF1);
}

function labelsAndPutBack(c: { labels: number; flippedPutBack?: number } | undefined): string {
  if (!c) return "-";
  return c.flippedPutBack === undefined
    ? c.labels.toFixed(4)
    : `${c.labels.toFixed(4)}; ${c.flippedPutBack.toFixed(4)}`;
}

/** A row's CPU seconds, or "-" for a row written before they were kept. */
export function cpuSeconds(r: ScaleRow): string {
  return r.cpuSeconds === undefined ? "-" : r.cpuSeconds.toFixed(1);
}

/** A row for console.table: the figures side by side, stages in seconds. */
export function scaleTableRow(r: ScaleRow): Record<string, string | number> {
  const s = (k: string) => (r.stageSeconds[k] ?? 0).toFixed(1);
  return {
    records: r.records,
    threads: runLabel(r),
    candidates: r.candidates,
    "total s": r.totalSeconds.toFixed(1),
    "wall s": r.wallSeconds.toFixed(1),
    stages: `load ${s("load")} prep ${s("prepare")} cand ${s("candidates")} score ${s("score")} clu ${s("cluster")} write ${s("write")}`,
    "CPU s": cpuSeconds(r),
    "peak RSS MB": r.peakRssMb,
    "rec/s": r.recordsPerSecond,
    load: `${r.load[0].toFixed(1)}-${r.load[1].toFixed(1)}`,
    "pairs compl.": completeness(r),
    "cluster F1": clusterF1(r),
  };
}
