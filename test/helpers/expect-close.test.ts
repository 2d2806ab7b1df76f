import { describe, expect, it } from "vitest";
import { isClose } from "../../core/grading/tolerance";
import { expectClose } from "./expect-close";
import { loadFixture } from "./fixtures";

interface IscloseCase {
  a: number;
  b: number;
  rtol: number;
  atol: number;
  close: boolean;
}

describe("isClose (core/grading/tolerance.ts)", () => {
  it("agrees with np.isclose(equal_nan=True) on every fixture pair", () => {
    const { cases } = loadFixture<IscloseCase[]>("isclose");
    expect(cases.length).toBeGreaterThan(100);
    const wrong = cases.filter((c) => isClose(c.a, c.b, { rtol: c.rtol, atol: c.atol }, true) !== c.close);
    expect(wrong).toEqual([]);
    // both outcomes occur, so the comparison above can fail either way
    expect(cases.some((c) => c.close)).toBe(true);
    expect(cases.some((c) => !c.close)).toBe(true);
  });

  it("scales the tolerance with the expected value only, like numpy", () => {
    expect(isClose(1.5, 1, { rtol: 0.4, atol: 0 })).toBe(false); // 0.5 > 0.4 * 1
    expect(isClose(1, 1.5, { rtol: 0.4, atol: 0 })).toBe(true); // 0.5 <= 0.4 * 1.5
  });

  it("treats NaN as equal to NaN unless asked not to", () => {
    expect(isClose(NaN, NaN, { rtol: 0, atol: 0 }, true)).toBe(true);
    expect(isClose(NaN, NaN, { rtol: 0, atol: 0 }, false)).toBe(false);
    expect(isClose(NaN, 1, { rtol: 1, atol: 1 }, true)).toBe(false);
  });
});

describe("expectClose", () => {
  it("passes within tolerance and fails outside it", () => {
    expectClose(1 + 1e-13, 1);
    expectClose([1, 2, 3], new Float64Array([1, 2, 3 + 3e-6]), { rtol: 1e-6 });
    expect(() => expectClose(1 + 1e-11, 1)).toThrow(/actual 1\.00000000001, expected 1/);
    expect(() => expectClose([1, 2, 3], [1, 2, 3.1], { rtol: 1e-3 })).toThrow(
      /index 2: actual 3, expected 3\.1: \|actual - expected\| = 0\.\d+ > atol 0 \+ rtol 0\.001 \* \|expected\| = 0\.0031\d* \(1 of 3 elements differ\)/,
    );
  });

  it("uses atol near zero", () => {
    expectClose(1e-10, 0, { atol: 1e-9 });
    expect(() => expectClose(1e-10, 0, { rtol: 1 })).toThrow(/atol 0/);
  });

  it("names the first bad index and counts the others", () => {
    expect(() => expectClose([0, 5, 6, 0], [0, 0, 0, 0])).toThrow(
      /index 1: actual 5, expected 0.*\(2 of 4 elements differ\)/,
    );
  });

  it("matches infinities only to the same infinity", () => {
    expectClose([Infinity, -Infinity], [Infinity, -Infinity]);
    expect(() => expectClose(Infinity, -Infinity, { rtol: 1 })).toThrow();
    expect(() => expectClose(1e308, Infinity, { rtol: 1 })).toThrow();
  });

  it("handles NaN", () => {
    expectClose([NaN, 1], [NaN, 1]);
    expect(() => expectClose(NaN, NaN, { equalNan: false })).toThrow(/actual NaN, expected NaN/);
    expect(() => expectClose(NaN, 0, { atol: 1 })).toThrow();
  });

  it("compares with Object.is in bitwise mode", () => {
    expectClose([0.1 + 0.2, -0, NaN], [0.30000000000000004, -0, NaN], { bitwise: true });
    expect(() => expectClose(0.1 + 0.2, 0.3, { bitwise: true })).toThrow(
      /actual 0\.30000000000000004, expected 0\.3: not bitwise equal/,
    );
    expect(() => expectClose([-0], [0], { bitwise: true })).toThrow(/actual -0, expected 0/);
    expectClose(-0, 0); // equal under isclose
  });

  it("rejects length and kind mismatches", () => {
    expect(() => expectClose([1, 2], [1, 2, 3])).toThrow(/actual has 2 elements, expected 3/);
    expect(() => expectClose(1, [1])).toThrow(/actual is a number but expected is an array of 1/);
    expect(() => expectClose([1, "x"] as unknown as number[], [1, 2])).toThrow(/actual\[1\] is not a number/);
  });
});
