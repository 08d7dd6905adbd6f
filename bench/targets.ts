import type { SoakResult } from "./soak.ts";
import { fix, int, ratio, type Target } from "./table.ts";
import type { BenchRun } from "./tables.ts";

/**
 * The figures the service is held to, each with its value and whether it met its target.
 * Ratios are taken at 10 connections against servers measured in the same run.
 */
export function targets({ settings, load, batch, cold, soak, security }: BenchRun): Target[] {
  const at10 = (name: string) => load[name]?.[10];
  const s10 = at10("service");
  return [
    {
      name: "service/ceiling req/s at 10 conns",
      value: `${fix(100 * ratio(s10?.rps, at10("ceiling")?.rps), 1)} %`,
      target: ">= 50 %",
      met: ratio(s10?.rps, at10("ceiling")?.rps) >= 0.5,
    },
    {
      name: "service/peer req/s at 10 conns",
      value: `${fix(ratio(s10?.rps, at10("peer")?.rps), 1)}×`,
      target: ">= 20×",
      met: ratio(s10?.rps, at10("peer")?.rps) >= 20,
    },
    {
      name: "service p99 at 10 conns",
      value: `${fix(s10?.p99 ?? NaN, 3)} ms`,
      target: "<= 2 ms",
      met: (s10?.p99 ?? Infinity) <= 2,
    },
    {
      name: "handler cold start (require + first answer)",
      value: `${fix(cold.handlerColdMs, 1)} ms`,
      target: "<= 150 ms",
      met: cold.handlerColdMs <= 150,
    },
    {
      name: "batch scoring-only pairs/s per core",
      value: int(batch.service.scoringPairsPerS),
      target: ">= 150,000",
      met: batch.service.scoringPairsPerS >= 150_000,
    },
    ...(batch.steady
      ? [
          {
            name: `batch scoring-only pairs per CPU-s, ${int(batch.steady.pairs)} pairs (past warm-up)`,
            value: int(batch.steady.scoringPairsPerCpuS),
            target: ">= 150,000",
            met: batch.steady.scoringPairsPerCpuS >= 150_000,
          },
        ]
      : []),
    {
      name: "batch end-to-end pairs/s per core",
      value: int(batch.service.endToEndPairsPerS),
      target: ">= 150,000",
      met: batch.service.endToEndPairsPerS >= 150_000,
    },
    ...(soak ? soakTargets(soak, settings.soakSeconds) : []),
    {
      name: "security probes: JSON + nosniff, no leaks",
      value: `${security?.probes.filter((p) => p.json && p.nosniff && !p.leaks).length}/${security?.probes.length}`,
      target: "all",
      met: !!security && security.probes.every((p) => p.json && p.nosniff && !p.leaks),
    },
    {
      name: "query cap (5 kB query string)",
      value: String(security?.queryCapStatus),
      target: "414",
      met: security?.queryCapStatus === 414,
    },
  ];
}

/** No failed request and bounded RSS growth over the soak. */
function soakTargets(soak: SoakResult, seconds: number): Target[] {
  const failures = soak.errors + soak.timeouts + soak.non2xx;
  return [
    {
      name: `soak ${seconds} s at 100 conns: errors`,
      value: int(failures),
      target: "0",
      met: failures === 0 && soak.serverAliveAfter,
    },
    {
      name: "soak RSS growth (start -> end)",
      value: `${fix(soak.rssStartMiB, 0)} -> ${fix(soak.rssEndMiB, 0)} MiB`,
      target: "<= +64 MiB",
      met: soak.rssEndMiB - soak.rssStartMiB <= 64,
    },
  ];
}
