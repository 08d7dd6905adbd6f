import type { BatchFigures } from "./batch.ts";
import type { ColdStart } from "./cold-start.ts";
import type { LoadMatrix } from "./load.ts";
import type { BenchSettings } from "./options.ts";
import type { evalPeer } from "./peer.ts";
import type { evalOurs } from "./quality.ts";
import type { SecurityResult } from "./security.ts";
import type { SoakResult } from "./soak.ts";
import { fix, int, ratio } from "./table.ts";

/** F1, precision, recall, accuracy and n of our shipped model, plus the figures it records. */
export type OurQuality = Awaited<ReturnType<typeof evalOurs>>;
/** The peer's metrics on the same held-out pairs. */
export type PeerQuality = Awaited<ReturnType<typeof evalPeer>>;

/** Everything one bench run measured; the peer's parts are undefined with `--skip-peer`. */
export interface BenchRun {
  settings: BenchSettings;
  startedAt: Date;
  /** `os.loadavg()` before and after the run. */
  loadAverage: { start: number[]; end: number[] };
  /** Rotating request paths actually driven. */
  pairs: number;
  /** The peer's package versions, or "skipped". */
  peerVersions: string;
  load: LoadMatrix;
  /** `steady`: the service on the pairs repeated (bench/batch.ts repeatedPairs), past JIT warm-up. */
  batch: { service: BatchFigures; peer: BatchFigures | undefined; steady?: BatchFigures };
  /** `split.test` = labelled pairs in the held-out test.csv. */
  quality: { service: OurQuality; peer: PeerQuality | undefined; split: { test: number } };
  cold: ColdStart;
  soak: SoakResult | undefined;
  security: SecurityResult | undefined;
}

/** Load table: req/s, p50 and p99 (ms) per server and connection count, then the req/s ratios. */
export function loadRows({ settings, load }: BenchRun): string[][] {
  const header = ["connections", "service req/s", "p50 ms", "p99 ms", "ceiling req/s", "p50 ms", "p99 ms"];
  return [
    [...header, "peer req/s", "p50 ms", "p99 ms", "service/ceiling", "service/peer"],
    ...settings.connections.map((c) => {
      const s = load.service?.[c];
      const ce = load.ceiling?.[c];
      const p = load.peer?.[c];
      return [
        String(c),
        int(s?.rps ?? NaN),
        fix(s?.p50 ?? NaN, 3),
        fix(s?.p99 ?? NaN, 3),
        int(ce?.rps ?? NaN),
        fix(ce?.p50 ?? NaN, 3),
        fix(ce?.p99 ?? NaN, 3),
        int(p?.rps ?? NaN),
        fix(p?.p50 ?? NaN, 3),
        fix(p?.p99 ?? NaN, 3),
        `${fix(100 * ratio(s?.rps, ce?.rps), 1)} %`,
        `${fix(ratio(s?.rps, p?.rps), 1)}×`,
      ];
    }),
  ];
}

/** Batch table: pairs/s end-to-end and scoring-only, one process per side. */
export function batchRows({ batch: { service, peer, steady } }: BenchRun): string[][] {
  const ours = (label: string, f: BatchFigures) => [
    label,
    int(f.pairs),
    int(f.endToEndPairsPerS),
    int(f.scoringPairsPerS),
    int(f.scoringPairsPerCpuS),
    fix(f.loadS),
    fix(f.wallS),
  ];
  return [
    [
      "batch classify (1 process)",
      "pairs",
      "end-to-end pairs/s",
      "scoring-only pairs/s",
      "scoring pairs/CPU-s",
      "load s",
      "wall s incl. start-up",
    ],
    ours("service (training/classify.ts)", service),
    ...(peer
      ? [
          [
            "peer (peer.py classify, best)",
            int(service.pairs),
            int(peer.endToEndPairsPerS),
            int(peer.scoringPairsPerS),
            "n/a",
            "n/a",
            fix(peer.wallS),
          ],
        ]
      : []),
    [
      "service/peer",
      "",
      `${fix(ratio(service.endToEndPairsPerS, peer?.endToEndPairsPerS), 1)}×`,
      `${fix(ratio(service.scoringPairsPerS, peer?.scoringPairsPerS), 1)}×`,
      "",
      "",
      "",
    ],
    ...(steady ? [ours("service, same pairs ×10 (past JIT warm-up)", steady)] : []),
  ];
}

/** Quality table: both models on the same held-out test.csv. */
export function qualityRows({ quality: { service, peer } }: BenchRun): string[][] {
  const row = (label: string, m: PeerQuality) => [
    label,
    int(m.n),
    fix(m.f1, 4),
    fix(m.precision, 4),
    fix(m.recall, 4),
    fix(m.accuracy, 4),
  ];
  return [
    ["F1 on the held-out test.csv", "n", "F1", "precision", "recall", "accuracy"],
    row("service (data/model.json)", service),
    ...(peer ? [row("peer best (train+validation)", peer)] : []),
  ];
}

/** Cold-start table: medians in ms, the parts timed alone, and the peak RSS. */
export function coldRows({ cold }: BenchRun): string[][] {
  return [
    [`cold start (bundled handler, median of ${cold.runs})`, "ms"],
    ["node boot (node -e 0), baseline", fix(cold.nodeBootMs, 1)],
    ["require(bundle): module init", fix(cold.requireMs, 1)],
    ["  @aws-sdk/client-s3 alone, own process (S3 source only)", fix(cold.s3SdkRequireMs, 1)],
    ["first answer: artifacts + decide", fix(cold.firstAnswerMs, 1)],
    ["  = handler cold start (require + first answer)", fix(cold.handlerColdMs, 1)],
    ["  process start to first answer", fix(cold.sinceProcessStartMs, 1)],
    ["parts, timed alone in another fresh process:", ""],
    ["  wasm (loadSqlJs)", fix(cold.parts.wasmMs, 1)],
    ["  read db.db + model.json", fix(cold.parts.readMs, 1)],
    ["  catalog (Catalog.open)", fix(cold.parts.catalogMs, 1)],
    ["  model (parseModel)", fix(cold.parts.modelMs, 1)],
    ["  first decision (2 lookups + prepare)", fix(cold.parts.firstDecisionMs, 1)],
    ["peak RSS after first answer, MiB", fix(cold.peakRssMiB, 1)],
  ];
}
