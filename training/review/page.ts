import type { Decision } from "../../lambda/match.ts";
import { html, markDifferences, type SafeHtml } from "./html.ts";
import type { QueueItem, QueueKind } from "./queue.ts";

/** Everything one page shows. */
export interface PageView {
  /** The pending item shown, with the model's explanation; undefined when nothing is pending. */
  current?: { item: QueueItem; decision: Decision };
  /** Index of `current` among the pending items. */
  at: number;
  pending: number;
  answered: number;
  total: number;
  modelVersion: string;
  reviewer: string;
  /** Lines about the sources, e.g. that the dedupe job has not written its file yet. */
  notes: readonly string[];
  /** Set after an undo or an answer, for the reviewer's eye. */
  flash?: string;
}

const KIND_NAMES: Record<QueueKind, string> = {
  band: "review band",
  "label-error": "suspected label error",
  dedupe: "dedupe: weak link",
};

const FIELDS: readonly ("title" | "artists" | "isrcs" | "contributors")[] = [
  "title",
  "artists",
  "isrcs",
  "contributors",
];

/** How many features the page lists as having pushed the decision most. */
const TOP_FEATURES = 4;

function records(decision: Decision): SafeHtml {
  const { q, m } = decision.records;
  const rows = FIELDS.map((field) => {
    const a = q[field] ?? "";
    const b = m[field] ?? "";
    return html`<tr><th scope="row">${field}</th><td data-field="${field}" data-side="q">${markDifferences(a, b)}</td><td data-field="${field}" data-side="m">${markDifferences(b, a)}</td></tr>`;
  });
  return html`<table class="records"><thead><tr><th></th><th scope="col">q <code>${q.sr_id}</code></th><th scope="col">m <code>${m.sr_id}</code></th></tr></thead><tbody>${rows}</tbody></table>`;
}

function pushes(decision: Decision): SafeHtml {
  const top = Object.entries(decision.features)
    .sort(([, a], [, b]) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, TOP_FEATURES);
  const items = top.map(
    ([name, { value, contribution }]) =>
      html`<li><code>${name}</code> = ${value.toFixed(3)}: ${contribution >= 0 ? "+" : ""}${contribution.toFixed(2)} log-odds toward ${contribution >= 0 ? "same" : "different"}</li>`,
  );
  return html`<ol class="pushes">${items}</ol>`;
}

function item(view: PageView): SafeHtml {
  if (!view.current) {
    return html`<main id="item"><p class="done">Nothing left to review. Retrain with <code>npm run train -- --reviews FILE</code>.</p>
<form method="post" action="/undo"><input type="hidden" name="at" value="0"><button type="submit" data-key="z">Undo last (z)</button></form></main>`;
  }
  const { item: entry, decision } = view.current;
  const previous = Math.max(view.at - 1, 0);
  const next = Math.min(view.at + 1, view.pending - 1);
  return html`<main id="item" data-q="${entry.q}" data-m="${entry.m}">
<p class="reason"><strong class="kind">${KIND_NAMES[entry.kind]}</strong> ${entry.reason}</p>
<p class="probability">probability <strong>${entry.probability.toFixed(4)}</strong> (threshold ${decision.threshold.toFixed(4)}, class ${decision.class})${entry.label ? html` · groundtruth: <strong>${entry.label}</strong>` : ""}</p>
${records(decision)}
<h2>What pushed the decision most</h2>
${pushes(decision)}
<form method="post" action="/answer" class="answer">
<input type="hidden" name="q" value="${entry.q}"><input type="hidden" name="m" value="${entry.m}"><input type="hidden" name="at" value="${view.at}">
<button type="submit" name="label" value="valid" data-key="y">Same recording (y)</button>
<button type="submit" name="label" value="invalid" data-key="n">Different (n)</button>
<button type="submit" name="label" value="unsure" data-key="u">Unsure (u)</button>
</form>
<nav><a href="/?at=${previous}" data-key="ArrowLeft">← previous</a> <a href="/?at=${next}" data-key="ArrowRight">next →</a></nav>
<form method="post" action="/undo"><input type="hidden" name="at" value="${view.at}"><button type="submit" data-key="z">Undo last (z)</button></form>
</main>`;
}

/** The review page: plain HTML, every value escaped; htmx and review.js only enhance it. */
export function renderPage(view: PageView): string {
  const position = view.current ? `item ${view.at + 1} of ${view.pending} pending` : "none pending";
  return String(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}'>
<title>sr-match review</title>
<link rel="stylesheet" href="/static/review.css">
<script src="/static/htmx.min.js" defer></script>
<script src="/static/review.js" defer></script>
</head>
<body hx-boost="true">
<header><h1>Same recording?</h1>
<p id="progress">${view.answered} of ${view.total} answered · ${position}</p>
<p class="who">reviewer <code>${view.reviewer}</code> · model <code>${view.modelVersion}</code></p>
${view.flash ? html`<p id="flash">${view.flash}</p>` : ""}
</header>
${item(view)}
<footer><p class="keys">Keys: y same, n different, u unsure, z undo, ← → move.</p>
${view.notes.map((note) => html`<p class="note">${note}</p>`)}</footer>
</body>
</html>
`);
}
