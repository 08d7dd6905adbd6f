import { afterEach, describe, expect, it, vi } from "vitest";
import { clock, elapsedLog } from "./elapsed-log.ts";

describe("elapsedLog", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes hours, minutes and seconds, rounded to the second", () => {
    expect([clock(0), clock(59_499), clock(59_500), clock(3_725_000), clock(36_000_000)]).toEqual([
      "0:00:00",
      "0:00:59",
      "0:01:00",
      "1:02:05",
      "10:00:00",
    ]);
  });

  it("prints each line on stderr after its prefix and the time since the logger was made", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => lines.push(line));
    vi.spyOn(performance, "now").mockReturnValueOnce(1_000).mockReturnValueOnce(126_000);
    elapsedLog("dedupe: ")("sql candidates: 14.6 s");
    expect(lines).toEqual(["dedupe: [0:02:05] sql candidates: 14.6 s"]);
  });
});
