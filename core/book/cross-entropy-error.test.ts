import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture, nd } from "../../test/helpers/fixtures";
import { fromNested, type Nested } from "../ndarray";
import { crossEntropyError, isLabelTarget } from "./cross-entropy-error";

interface Case {
  name: string;
  y: Nested;
  t: Nested;
  delta: number;
  loss: number;
}
const { cases } = loadFixture<{ cross_entropy_error: Case[] }>("loss");

const tBook = fromNested([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
const y1 = fromNested([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
const y2 = fromNested([0.1, 0.05, 0.0, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);

describe("crossEntropyError", () => {
  it("reproduces the book's printed values exactly, one-hot and as a label", () => {
    expect(crossEntropyError(y1, tBook)).toBe(0.510825457099338);
    expect(crossEntropyError(y2, tBook)).toBe(16.11809565095832);
    expect(crossEntropyError(y1, fromNested(2))).toBe(0.510825457099338);
    expect(crossEntropyError(y2, fromNested(2))).toBe(16.11809565095832);
  });

  it.each(cases.cross_entropy_error.map((c) => [c.name, c] as const))("agrees with numpy to 1e-12: %s", (_, c) => {
    expectClose(crossEntropyError(nd(c.y), nd(c.t), c.delta), c.loss, { rtol: 1e-12 });
  });

  it("tells label targets from one-hot ones", () => {
    const batch = fromNested([
      [0.2, 0.8],
      [0.5, 0.5],
      [0.9, 0.1],
    ]);
    expect(isLabelTarget(batch, fromNested([1, 0, 0]))).toBe(true);
    expect(
      isLabelTarget(
        batch,
        fromNested([
          [0, 1],
          [1, 0],
          [1, 0],
        ]),
      ),
    ).toBe(false);
    expect(isLabelTarget(y1, fromNested(2))).toBe(true);
    expect(isLabelTarget(y1, fromNested([2]))).toBe(true);
    expect(isLabelTarget(y1, tBook)).toBe(false);
    expect(isLabelTarget(batch, fromNested([1, 0]))).toBe(false);
    // a square batch: (n,) labels vs (n, n) one-hot
    const square = fromNested([
      [0.5, 0.5],
      [0.25, 0.75],
    ]);
    expect(isLabelTarget(square, fromNested([0, 1]))).toBe(true);
    expect(crossEntropyError(square, fromNested([0, 1]))).toBe(
      crossEntropyError(
        square,
        fromNested([
          [1, 0],
          [0, 1],
        ]),
      ),
    );
  });

  it("rejects labels that are out of range, negative or not integers", () => {
    const y = fromNested([
      [0.2, 0.8],
      [0.5, 0.5],
    ]);
    expect(() => crossEntropyError(y, fromNested([0, 2]))).toThrow(
      new RangeError("crossEntropyError: label 2 at index 1 is not an integer in [0, 2) for y of shape (2, 2)"),
    );
    expect(() => crossEntropyError(y, fromNested([-1, 0]))).toThrow(/label -1 at index 0/);
    expect(() => crossEntropyError(y, fromNested([0.5, 0]))).toThrow(/label 0.5 at index 0/);
    expect(() => crossEntropyError(y, fromNested([NaN, 0]))).toThrow(/label NaN/);
    expect(() => crossEntropyError(y1, fromNested(10))).toThrow(/label 10 at index 0 is not an integer in \[0, 10\)/);
  });

  it("rejects targets of any other shape and wrong ranks, naming the shapes", () => {
    const y = fromNested([
      [0.2, 0.8],
      [0.5, 0.5],
    ]);
    expect(() => crossEntropyError(y, fromNested([1, 0, 1]))).toThrow(
      new RangeError(
        "crossEntropyError: t must be one-hot of y's shape (2, 2) or labels of shape (2,), got shape (3,)",
      ),
    );
    expect(() => crossEntropyError(y1, fromNested([0, 1]))).toThrow(
      /one-hot of y's shape \(10,\) or a label of shape \(\), got shape \(2,\)/,
    );
    expect(() => crossEntropyError(fromNested(0.5), fromNested(1))).toThrow(
      /expected y to be a vector or matrix, got shape \(\)/,
    );
    expect(() => crossEntropyError(fromNested([[[0.5]]]), fromNested(0))).toThrow(/got shape \(1, 1, 1\)/);
    expect(() =>
      crossEntropyError({ data: new Float64Array(0), shape: [0, 3] }, { data: new Float64Array(0), shape: [0] }),
    ).toThrow(/empty batch/);
  });

  it("uses delta to keep log(0) finite, and gives numpy's nan without it", () => {
    expect(crossEntropyError(y2, tBook)).toBeLessThan(17);
    expect(crossEntropyError(y2, tBook, 0)).toBeNaN(); // 0 * log(0) = 0 * -inf
    expect(crossEntropyError(y2, fromNested(2), 0)).toBe(Infinity);
  });
});
