import { writeFileSync } from "node:fs";
import type { PreparedRecording } from "../../lambda/recording.ts";
import type { BlockingRow } from "../dedupe/metrics.ts";
import type { DedupeResult } from "../dedupe/pipeline.ts";
import type { PairEvaluation } from "../dedupe/summary.ts";
import { writeChart } from "../report/render.ts";
import type { MbRow } from "./dedupe-musicbrainz.ts";
import { clusterF1, completeness, cpuSeconds, runLabel, type ScaleRow } from "./dedupe-scale.ts";

/** What reports/dedupe.md shows, all from one bench run. */
export interface DedupeReportData {
  mbRows: MbRow[];
  sampleRows: {
    method: string;
    candidatesPerRecord: number;
    evaluation: PairEvaluation;
    /** The same with the generator's flipped labels put back (data/sample-noise.csv). */
    intended?: PairEvaluation;
  }[];
  blocking: BlockingRow[];
  histogram: Record<string, number>;
  result: DedupeResult;
  scale: ScaleRow[];
}

const f4 = (x: number) => x.toFixed(4);
const cell = (s: string) => s.replace(/\|/g, "\\|");

/** Writes reports/dedupe.md and reports/charts/dedupe-blocking.svg, dedupe-cluster-sizes.svg. */
export async function writeDedupeReport(data: DedupeReportData): Promise<void> {
  const blockingChart = await writeChart("reports/charts", "dedupe-blocking", {
    title: "Blocking analysis on the sample: cumulative pairs completeness",
    width: 420,
    height: 200,
    data: { values: data.blocking.map((r) => ({ ...r, label: `+ ${r.source}` })) },
    mark: { type: "bar" },
    encoding: {
      x: { field: "label", type: "nominal", sort: null, title: "candidate source (cumulative)" },
      y: {
        field: "cumulativePairsCompleteness",
        type: "quantitative",
        title: "pairs completeness",
        scale: { domain: [0.9, 1] },
      },
      tooltip: [{ field: "cumulativeCandidates" }],
    },
  });
  const histogramChart = await writeChart("reports/charts", "dedupe-cluster-sizes", {
    title: "Cluster sizes on the sample",
    width: 420,
    height: 200,
    data: { values: Object.entries(data.histogram).map(([size, clusters]) => ({ size, clusters })) },
    mark: { type: "bar" },
    encoding: {
      x: { field: "size", type: "nominal", sort: null, title: "records per cluster" },
      y: { field: "clusters", type: "quantitative", scale: { type: "symlog" }, title: "clusters (symlog)" },
    },
  });
  const lines: string[] = [
    "# Dedupe: candidates, scores, clusters",
    "",
    "Produced by `npm run bench:dedupe` in one run on a 2-core machine; times depend on its load, given per row (1-minute load average, lowest and highest).",
    "",
    "## MusicBrainz 20K (real songs, 5 duplicate-free sources, ground-truth clusters)",
    "",
    "| method | records | candidates / record | pairs completeness | pairwise P | pairwise R | pairwise F1 | B-cubed F1 | s |",
    "| --- | --: | --: | --: | --: | --: | --: | --: | --: |",
    ...data.mbRows.map(
      (r) =>
        `| ${cell(r.method)} | ${r.records} | ${r.candidatesPerRecord.toFixed(2)} | ${f4(r.pairsCompleteness)} | ${f4(r.pairwise.precision)} | ${f4(r.pairwise.recall)} | ${f4(r.pairwise.f1)} | ${f4(r.bcubed.f1)} | ${r.seconds.toFixed(1)} |`,
    ),
    "",
    "## The shipped sample (labelled pairs of data/groundtruth.csv)",
    "",
    "Each figure as labelled, then with the labels the generator flipped on purpose put back (data/sample-noise.csv): a pair tagged valid that is really a cover or a sibling track is no miss when it is not found.",
    "",
    "| method | candidates / record | pairs completeness (valid pairs) | cluster precision (labelled) | cluster recall (labelled) | false merges / invalid pairs |",
    "| --- | --: | --: | --: | --: | --: |",
    ...data.sampleRows.map((r) => {
      const both = (figure: (e: PairEvaluation) => string) =>
        r.intended ? `${figure(r.evaluation)}; put back ${figure(r.intended)}` : figure(r.evaluation);
      return `| ${r.method} | ${r.candidatesPerRecord.toFixed(2)} | ${both((e) => f4(e.pairsCompleteness))} | ${both((e) => f4(e.clusterPairwise.precision))} | ${both((e) => f4(e.clusterPairwise.recall))} | ${both((e) => `${e.clusterPairwise.falseMerges} / ${e.invalidPairs}`)} |`;
    }),
    "",
    "### Blocking analysis (as Splink reports it)",
    "",
    `![blocking](charts/${blockingChart})`,
    "",
    "| source | candidates | valid pairs found | found by it alone | cumulative candidates | cumulative pairs completeness |",
    "| --- | --: | --: | --: | --: | --: |",
    ...data.blocking.map(
      (r) =>
        `| ${r.source} | ${r.candidates} | ${r.truePairsFound} | ${r.truePairsOnlyHere} | ${r.cumulativeCandidates} | ${f4(r.cumulativePairsCompleteness)} |`,
    ),
    "",
    "### Cluster sizes",
    "",
    `![cluster sizes](charts/${histogramChart})`,
    "",
    "| size | clusters |",
    "| --- | --: |",
    ...Object.entries(data.histogram).map(([size, n]) => `| ${size} | ${n} |`),
    "",
    ...worstClusters(data.result),
    "## Speed (end to end: load, prepare, candidates, score, cluster, write; one process per size)",
    "",
    "| records | threads | candidates | total s | wall s | load | prepare | candidates | score | cluster | write | records/s | CPU s | peak RSS MB | load average | pairs completeness (labels; flipped put back) | cluster F1 (labels; flipped put back) |",
    "| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |",
    ...data.scale.map((r) => {
      const s = (k: string) => (r.stageSeconds[k] ?? 0).toFixed(1);
      return `| ${r.records} | ${runLabel(r)} | ${r.candidates} | ${r.totalSeconds.toFixed(1)} | ${r.wallSeconds.toFixed(1)} | ${s("load")} | ${s("prepare")} | ${s("candidates")} | ${s("score")} | ${s("cluster")} | ${s("write")} | ${r.recordsPerSecond} | ${cpuSeconds(r)} | ${r.peakRssMb} | ${r.load[0].toFixed(1)}-${r.load[1].toFixed(1)} | ${completeness(r)} | ${clusterF1(r)} |`;
    }),
    "",
  ];
  writeFileSync("reports/dedupe.md", lines.join("\n"));
}

/** The largest cluster and the one with the weakest internal link, record by record. */
function worstClusters(result: DedupeResult): string[] {
  const { clustering, prepared } = result;
  const members = new Map<number, number[]>();
  clustering.clusterOf.forEach((c, i) => {
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  });
  const largest = [...members.entries()].sort((x, y) => y[1].length - x[1].length).slice(0, 2);
  const weakest = [...clustering.links].sort((x, y) => x.p - y.p).slice(0, 2);
  const show = (title: string, ids: number[]) => [
    `#### ${title}`,
    "",
    "| sr_id | title | artists | isrcs | contributors |",
    "| --- | --- | --- | --- | --- |",
    ...ids.map((i) => {
      const r = (prepared[i] as PreparedRecording).raw;
      return `| ${cell(r.sr_id)} | ${cell(r.title ?? "")} | ${cell(r.artists ?? "")} | ${cell(r.isrcs ?? "")} | ${cell(r.contributors ?? "")} |`;
    }),
    "",
  ];
  return [
    "### Worst clusters",
    "",
    ...largest.flatMap(([, ids]) => show(`Largest: ${ids.length} records`, ids)),
    ...weakest.flatMap((link) =>
      show(
        `Weakest internal link p = ${link.p.toFixed(3)} (${result.srIds[link.a]} – ${result.srIds[link.b]})`,
        members.get(clustering.clusterOf[link.a] as number) ?? [],
      ),
    ),
  ];
}
