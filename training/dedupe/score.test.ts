import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pairsByRecord } from "./score.ts";

describe("pairsByRecord", () => {
  it("orders every pair once, by first record, pairs of one record in their order", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 20 })
          .chain((records) =>
            fc.tuple(fc.constant(records), fc.array(fc.nat(records - 1), { maxLength: 60 })),
          ),
        ([records, first]) => {
          const a = Uint32Array.from(first);
          const order = [...pairsByRecord(a, records)];
          const expected = first
            .map((_, i) => i)
            .sort((x, y) => (first[x] as number) - (first[y] as number) || x - y);
          expect(order).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
