import { describe, expect, it } from "vitest";
import { Rng } from "./rng.ts";
import { stripAccents, typo } from "./text-noise.ts";

describe("stripAccents", () => {
  it.each([
    ["Björk Guðmundsdóttir", "Bjork Gudmundsdottir"],
    ["Søren Løvland", "Soren Lovland"],
    ["Фёдор Жанна", "Фёдор Жанна"],
    ["一起走過的日子", "一起走過的日子"],
    ["Plain", "Plain"],
  ])("turns %j into %j", (input, output) => {
    expect(stripAccents(input)).toBe(output);
  });
});

describe("typo", () => {
  it("changes a long string by at most a few characters and keeps short ones", () => {
    const r = new Rng(5);
    const s = "Yesterday Once More";
    const t = typo(r, s);
    expect(t).not.toBe(s);
    expect(Math.abs(t.length - s.length)).toBeLessThanOrEqual(2);
    expect(typo(r, "abc")).toBe("abc");
  });
});
