import type { AblationInterval } from "../../report/ablation-intervals.ts";
import type { Interval } from "../../report/bootstrap.ts";

/** One dataset's ablation: every feature group's F1 gap to the final set, with intervals. */
export interface DatasetAblation {
  dataset: string;
  /** Test pairs the intervals resample. */
  n: number;
  rows: readonly AblationInterval[];
}

/** What a gap says: the dropped group helps (gap below 0), hurts (above 0), or cannot be told from noise. */
export type Reading = "helps" | "hurts" | "noise";

export function reading(gap: Interval): Reading {
  if (gap.high < 0) return "helps";
  if (gap.low > 0) return "hurts";
  return "noise";
}

/** Per feature group (rows named `final - group`), the datasets on which it helps. */
export function creditedOn(ablations: readonly DatasetAblation[]): Map<string, string[]> {
  const credit = new Map<string, string[]>();
  for (const { dataset, rows } of ablations)
    for (const row of rows) {
      if (!row.name.startsWith("final - ")) continue;
      const group = row.name.slice("final - ".length);
      const datasets = credit.get(group) ?? [];
      if (reading(row.gap) === "helps") datasets.push(dataset);
      credit.set(group, datasets);
    }
  return credit;
}

const points = (x: number) => (100 * x).toFixed(2);

/**
 * One Markdown table: a line per dropped feature group, a column per dataset with the F1 gap in
 * points and its 95 % interval, and the datasets on which the group is credited.
 */
export function ablationTable(ablations: readonly DatasetAblation[]): string {
  const credit = creditedOn(ablations);
  const header = `| feature group dropped | ${ablations.map((a) => `${a.dataset} (${a.n.toLocaleString("en-US")} test pairs)`).join(" | ")} | credited on |`;
  const lines = [header, `| --- | ${ablations.map(() => "---:").join(" | ")} | --- |`];
  for (const [group, datasets] of credit) {
    const cells = ablations.map((a) => {
      const row = a.rows.find((r) => r.name === `final - ${group}`);
      if (!row) return "–";
      const text = `${points(row.gap.value)} [${points(row.gap.low)}, ${points(row.gap.high)}]`;
      const mark = reading(row.gap);
      return mark === "noise" ? text : `**${text}** ${mark}`;
    });
    lines.push(
      `| ${group} | ${cells.join(" | ")} | ${datasets.length ? datasets.join(", ") : "none: noise everywhere"} |`,
    );
  }
  const finals = ablations.map((a) => {
    const row = a.rows.find((r) => r.name === "final");
    return row ? `${points(row.f1.value)} [${points(row.f1.low)}, ${points(row.f1.high)}]` : "–";
  });
  lines.push(`| *final set, test F1* | ${finals.join(" | ")} | |`);
  return lines.join("\n");
}
