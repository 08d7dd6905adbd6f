import { Command } from "commander";

/** The bench's settings after `--quick` is applied. Seconds for durations, counts otherwise. */
export interface BenchSettings {
  db: string;
  model: string;
  groundtruth: string;
  /** Rotating real pairs per load run (requested; the list may be shorter). */
  pairs: number;
  connections: number[];
  duration: number;
  rounds: number;
  /** 0 = no soak. */
  soakSeconds: number;
  coldRuns: number;
  batchRuns: number;
  skipPeer: boolean;
  quick: boolean;
}

/**
 * Parses the bench's command line; `--quick` overrides the run lengths for a smoke test.
 * @example parseOptions(["node", "bench/main.ts", "--quick", "--skip-peer"]).duration // 3
 */
export function parseOptions(argv: readonly string[] = process.argv): BenchSettings {
  const options = new Command("bench")
    .description("Service vs bare-server ceiling vs the Python peer: load, cold start, batch, soak")
    .option("--db <path>", "catalog", "data/db.db")
    .option("--model <path>", "our shipped model", "data/model.json")
    .option("--groundtruth <path>", "labelled pairs", "data/groundtruth.csv")
    .option("--pairs <n>", "rotating real pairs per load run", "5000")
    .option("--connections <list>", "connection counts", "1,10,100")
    .option("--duration <s>", "seconds per load run", "10")
    .option("--rounds <n>", "rounds per cell, servers interleaved; medians reported", "2")
    .option("--soak-seconds <s>", "soak length at 100 connections (0 = skip)", "60")
    .option("--cold-runs <n>", "fresh processes for the cold start", "7")
    .option("--batch-runs <n>", "classify runs per side", "3")
    .option("--skip-peer", "do not install, train or drive the Python peer")
    .option("--quick", "short runs (3 s, 1 round, 10 s soak, 3 cold starts, 1 batch run) for a smoke test")
    .parse([...argv])
    .opts<{
      db: string;
      model: string;
      groundtruth: string;
      pairs: string;
      connections: string;
      duration: string;
      rounds: string;
      soakSeconds: string;
      coldRuns: string;
      batchRuns: string;
      skipPeer?: boolean;
      quick?: boolean;
    }>();
  const q = !!options.quick;
  return {
    db: options.db,
    model: options.model,
    groundtruth: options.groundtruth,
    pairs: Number(options.pairs),
    connections: options.connections.split(",").map(Number),
    duration: q ? 3 : Number(options.duration),
    rounds: q ? 1 : Number(options.rounds),
    soakSeconds: q ? Math.min(10, Number(options.soakSeconds)) : Number(options.soakSeconds),
    coldRuns: q ? 3 : Number(options.coldRuns),
    batchRuns: q ? 1 : Number(options.batchRuns),
    skipPeer: !!options.skipPeer,
    quick: q,
  };
}
