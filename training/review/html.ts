import { diffWords } from "diff";

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * A tagged template that escapes every interpolated value, except values already made by `html`
 * (wrapped in SafeHtml) and arrays of them. The one way the page builds markup.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

/**
 * One side of a field compared with the other side: the words this side has and the other lacks
 * are wrapped in <mark> (case-insensitive word diff), everything escaped.
 */
export function markDifferences(self: string, other: string): SafeHtml {
  // diffWords keeps the new string's spelling in common parts, so diff from `other` to `self`.
  const parts = diffWords(other, self, { ignoreCase: true });
  return new SafeHtml(
    parts
      .filter((part) => !part.removed)
      .map((part) => (part.added ? `<mark>${escapeHtml(part.value)}</mark>` : escapeHtml(part.value)))
      .join(""),
  );
}
