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
  ])("%j holds %j", (raw, expected) => {
    expect(parseIsrcs(raw)).toEqual(expected);
  });
});
