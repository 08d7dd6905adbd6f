import { describe, expect, it } from "vitest";
import { parseTitle } from "./title.ts";

describe("parseTitle", () => {
  it.each([
    ["Yesterday", "yesterday", [], []],
    ["Lean On (feat. MØ)", "lean on", [], ["MØ"]],
    ["Lean On feat. MØ & DJ Snake", "lean on", [], ["MØ", "DJ Snake"]],
    ["Song [Dance Edit]", "song", ["dance", "edit"], []],
    ["Song - Tequila Edit", "song", ["edit", "tequila"], []],
    ["Song (Purple Mix)", "song", ["mix", "purple"], []],
    ["Song (Live)", "song", ["live"], []],
    ["Song - Remastered 2009", "song", [], []],
    ["Song (feat. Tish) (Radio Edit)", "song", ["edit", "radio"], ["Tish"]],
  ])("%j has core %j, version words %j, featured %j", (raw, core, versionWords, featured) => {
    const title = parseTitle(raw);
    expect(title.core).toBe(core);
    expect(title.versionWords).toEqual(versionWords);
    expect(title.featured).toEqual(featured);
  });

  it("keeps version tags in the full title", () => {
    expect(parseTitle("Song (Live)").full).toBe("song live");
  });
});
