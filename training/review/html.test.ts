import { describe, expect, it } from "vitest";
import { escapeHtml, html, markDifferences } from "./html.ts";

describe("html", () => {
  it("escapes every interpolated value, so markup in catalog text stays text", () => {
    const title = `<img src=x onerror=alert(1)> & "quotes" 'too'`;
    expect(String(html`<td title="${title}">${title}</td>`)).toBe(
      `<td title="${escapeHtml(title)}">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;too&#39;</td>`,
    );
  });

  it("keeps markup built by html itself, also in arrays", () => {
    const items = ["a<b", "c"].map((x) => html`<li>${x}</li>`);
    expect(String(html`<ul>${items}</ul>`)).toBe("<ul><li>a&lt;b</li><li>c</li></ul>");
  });
});

describe("markDifferences", () => {
  it("marks the words one side has and the other lacks, ignoring case, keeping this side's spelling", () => {
    expect(String(markDifferences("Yesterday (Live)", "yesterday"))).toBe("Yesterday <mark>(Live)</mark>");
    expect(String(markDifferences("yesterday", "Yesterday (Live)"))).toBe("yesterday");
  });

  it("escapes marked and unmarked parts", () => {
    expect(String(markDifferences("<b>x</b> y", "y"))).not.toContain("<b>");
  });
});
