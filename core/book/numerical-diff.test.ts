import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture } from "../../test/helpers/fixtures";
import { lookup, scalarFunctions } from "../../test/helpers/polynomials";
import { numericalDiff } from "./numerical-diff";

interface Case {
  id: string;
  expr: string;
  x: number;
  h: number;
  method: "central" | "forward";
  value: number;
}
const { cases } = loadFixture<{ book: { x: number; value: number }[]; cases: Case[] }>("numerical_diff");

describe("numericalDiff", () => {
  it("reproduces the book's printed values exactly", () => {
    const f = (x: number) => 0.01 * (x * x) + 0.1 * x;
    expect(numericalDiff(f, 5)).toBe(0.1999999999990898);
    expect(numericalDiff(f, 10)).toBe(0.2999999999986347);
    expect(cases.book.map((s) => s.value)).toEqual([0.1999999999990898, 0.2999999999986347]);
  });

  it.each(cases.cases.map((c, i) => [`${i} ${c.method} ${c.expr} at ${c.x}, h=${c.h}`, c] as const))(
    "equals numpy bit for bit: %s",
    (_, c) => {
      expectClose(numericalDiff(lookup(scalarFunctions, c.id), c.x, { h: c.h, method: c.method }), c.value, {
        bitwise: true,
      });
    },
  );

  it("covers both methods, several functions and step sizes", () => {
    expect(new Set(cases.cases.map((c) => c.method))).toEqual(new Set(["central", "forward"]));
    expect(new Set(cases.cases.map((c) => c.id)).size).toBe(Object.keys(scalarFunctions).length);
    expect(new Set(cases.cases.map((c) => c.h)).size).toBeGreaterThan(3);
  });

  it("shows the rounding error of a tiny h as the book does", () => {
    expect(numericalDiff((x) => 0.01 * (x * x) + 0.1 * x, 5, { h: 1e-50, method: "forward" })).toBe(0);
  });

  it("rejects an unusable h or an unknown method", () => {
    expect(() => numericalDiff((x) => x, 1, { h: 0 })).toThrow(
      new RangeError("numericalDiff: h must be a finite non-zero number, got 0"),
    );
    expect(() => numericalDiff((x) => x, 1, { h: NaN })).toThrow(RangeError);
    expect(() => numericalDiff((x) => x, 1, { method: "backward" as "central" })).toThrow(
      /method must be "central" or "forward", got "backward"/,
    );
  });
});
