import { describe, expect, it } from "vitest";
import { parseIsrcs } from "./isrc.ts";

describe("parseIsrcs", () => {
  it.each([
    ["GBAYE6500521", ["GBAYE6500521"]],
    ["gbaye6500521", ["GBAYE6500521"]],
    ["GB-AYE-65-00521", ["GBAYE6500521"]],
    ["GBAYE6500521|USRC16908444", ["GBAYE6500521", "USRC16908444"]],
    ["GBAYE6500521, USRC16908444", ["GBAYE6500521", "USRC16908444"]],
    ["None", []],
    ["", []],
    [null, []],
    ["not an isrc", []],
    ["gbaß6500521", []], // 11 characters: upper-casing would make it 12 ("GBASS6500521")
    ["ﬀxxx6500521", []],
  ])("%j holds %j", (raw, expected) => {
    expect(parseIsrcs(raw)).toEqual(expected);
  });
});
