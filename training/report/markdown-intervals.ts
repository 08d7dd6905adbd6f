import { formatInterval, isNoise } from "./bootstrap.ts";
import { f4, pct, table } from "./md.ts";
import type { ReportData } from "./report-data.ts";

/** The F1 intervals under the summary, and the metrics without the labels flipped on purpose. */
export function intervalsParagraph(data: ReportData): string {
  const { intervals, withoutNoise } = data;
  const parts = [
    "Test F1 with a paired bootstrap 95 % interval (1,000 resamples of the test pairs with replacement): " +
      `final **${formatInterval(intervals.final)}**, 4 suggested ${formatInterval(intervals.baseline)}; ` +
      `the gap 4 suggested − final is ${formatInterval(intervals.gap)}` +
      (isNoise(intervals.gap) ? " (inside the interval: noise)." : "."),
  ];
  if (withoutNoise) {
    const m = withoutNoise.test;
    parts.push(
      `**Label noise counted apart.** ${withoutNoise.flipped} test pairs carry a label the generator flipped ` +
        "on purpose (`sample-noise.csv`). Without them the final model's test F1 is " +
        `**${formatInterval(withoutNoise.f1)}** on ${withoutNoise.pairs} pairs (precision ${f4(m.precision)}, ` +
        `recall ${f4(m.recall)}, ${m.confusion.fp} FP, ${m.confusion.fn} FN). The table above keeps them, as ` +
        "real labels would.",
    );
  }
  return parts.join("\n\n");
}

/** Operating points and the review band, chosen on validation and scored once on test. */
export function operatingSection(data: ReportData): string {
  const { points, band } = data.operating;
  const parts = [
    "## Operating points and review band (chosen on validation, scored on test)",
    "Each threshold is read from the **validation** part only; the test columns are what it then gives on " +
      "pairs never used for any choice.",
    table(
      [
        "operating point",
        "threshold",
        "validation precision",
        "validation recall",
        "test precision",
        "test recall",
        "test FP",
        "test FN",
      ],
      [
        [
          "F1-best on validation, smoothed (in use)",
          f4(data.threshold),
          f4(data.final.validation.precision),
          f4(data.final.validation.recall),
          f4(data.final.test.precision),
          f4(data.final.test.recall),
          data.final.test.confusion.fp,
          data.final.test.confusion.fn,
        ],
        ...points.map((p) => [
          p.name,
          f4(p.threshold),
          f4(p.validation.precision),
          f4(p.validation.recall),
          f4(p.test.precision),
          f4(p.test.recall),
          p.test.confusion.fp,
          p.test.confusion.fn,
        ]),
      ],
      "lrrrrrrr",
    ),
  ];
  const v = band.validation;
  const t = band.test;
  parts.push(
    `**Review band** [${f4(band.lower)}, ${f4(band.upper)}), the one \`npm run train\` stores in the model ` +
      "and the review page queues: its upper end is the lowest score above which validation's merges " +
      "reach precision 0.99 (else 0.98, else 0.95), its lower end the highest below which at most 1 % of " +
      `validation's duplicates fall. On validation the merges above it are right ${pct(v.precisionAbove)} ` +
      `of the time and ${pct(v.droppedRecall)} of the duplicates fall below it. On test, ${t.inBand} of ` +
      `${t.pairs} pairs (${pct(t.inBand / Math.max(t.pairs, 1))}) fall in the band and go to people; ` +
      `outside it the automatic decisions make ${t.falseMerges} false merges (precision ` +
      `${pct(t.precisionAbove)}) and miss ${t.missedDuplicates} duplicates (${pct(t.droppedRecall)} of them).`,
  );
  return parts.join("\n\n");
}

/** The ablation table: F1 and the gap to the final set, each with its bootstrap interval. */
export function ablationTable(data: ReportData): string {
  return table(
    ["feature set", "features", "test F1 [95 % CI]", "gap to final [95 % CI]", "reading"],
    data.ablation.map((r) => [
      r.name,
      r.features.length,
      formatInterval(r.f1),
      r.name === "final" ? "–" : formatInterval(r.gap),
      r.name === "final"
        ? "reference"
        : r.noise
          ? "noise (interval holds 0)"
          : r.gap.value < 0
            ? r.name.startsWith("final - ")
              ? "feature helps"
              : "worse"
            : r.name.startsWith("final - ")
              ? "better without it"
              : "better",
    ]),
    "lrrrl",
  );
}
