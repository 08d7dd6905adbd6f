import type { ErrorCase } from "./errors.ts";
import { f4, pct, recordCell, table } from "./md.ts";
import type { ReportData } from "./report-data.ts";

/** The error-analysis section: errors by cause, the worst cases side by side, generated kinds if known. */
export function errorSection(data: ReportData, chart: string): string {
  const { errors } = data;
  const { fp, fn } = data.final.test.confusion;
  const parts = [
    "## Error analysis",
    `The final model makes ${fp} false positives and ${fn} false negatives on the ${data.final.test.n} test pairs. ` +
      "Causes are read from the two records alone (the real catalog has no labels of cause), so a pair can " +
      "show several and the counts add up to more than the errors. *error rate* is the share of all test " +
      "pairs showing the cause that the model gets wrong." +
      (errors.noiseKnown
        ? ` The ${errors.noisePairs} test pairs whose label the generator flipped on purpose (\`sample-noise.csv\`) ` +
          "are counted only in their own row, never under a cause, and are left out of the worst cases below."
        : " No side file of flipped labels was found, so label noise cannot be told apart here."),
    `![Test errors by cause](${chart})`,
    table(
      ["cause", "false positives", "false negatives", "test pairs with cause", "error rate"],
      errors.byCause.map((r) => [r.cause, r.falsePositives, r.falseNegatives, r.testPairs, pct(r.errorRate)]),
      "lrrrr",
    ),
    "The most confident errors are where a label is most likely wrong (records that agree on ISRC, title " +
      "and artists but are labelled invalid, or share nothing but are labelled valid): review them first, " +
      "before they are trained on again.",
    `### Worst false positives (scored valid, labelled invalid; threshold ${f4(data.threshold)})`,
    cases(errors.worstFalsePositives),
    "### Worst false negatives (scored invalid, labelled valid)",
    cases(errors.worstFalseNegatives),
  ];
  if (data.generatedKinds) {
    parts.push(
      "### Errors by generated pair kind (synthetic sample only)",
      `The data is exactly \`generateSample({ seed: ${data.generatedKinds.seed} })\`, so the generator's own ` +
        "pair kinds are known here. They are never a model feature and real data has no such column; this " +
        "table only says which kinds of pair the model finds hard.",
      table(
        ["generated kind", "test pairs", "false positives", "false negatives", "error rate"],
        data.generatedKinds.rows.map((r) => [
          r.kind,
          r.testPairs,
          r.falsePositives,
          r.falseNegatives,
          pct((r.falsePositives + r.falseNegatives) / r.testPairs),
        ]),
        "lrrrr",
      ),
    );
  }
  return parts.join("\n\n");
}

function cases(list: readonly ErrorCase[]): string {
  if (list.length === 0) return "None.";
  return table(
    ["#", "P(valid)", "causes", "record q", "record m"],
    list.map((e, i) => [
      i + 1,
      e.probability.toFixed(3),
      e.causes.join("; "),
      recordCell(e.q),
      recordCell(e.m),
    ]),
    "rrlll",
  );
}
