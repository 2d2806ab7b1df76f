import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture, nd } from "../../test/helpers/fixtures";
import { fromNested, type Nested } from "../ndarray";
import { softmax } from "./softmax";

interface Case {
  name: string;
  x: Nested;
  y: Nested;
}
const { cases } = loadFixture<{ softmax: Case[] }>("activations");

describe("softmax", () => {
  it.each(cases.softmax.map((c) => [c.name, c] as const))("agrees with numpy to 1e-12: %s", (_, c) => {
    const y = softmax(nd(c.x));
    const expected = nd(c.y);
    expect(y.shape).toEqual(expected.shape);
    expectClose(y.data, expected.data, { rtol: 1e-12 });
  });

  it("does not overflow on large inputs", () => {
    expectClose(softmax(fromNested([-1000, 1000])).data, [0, 1], { bitwise: true });
    const y = softmax(fromNested([1010, 1000, 990])).data;
    expect(y.every(Number.isFinite)).toBe(true);
    expectClose(y[0] + y[1] + y[2], 1, { rtol: 1e-15 });
  });

  it("works row by row on a matrix", () => {
    const y = softmax(
      fromNested([
        [1, 2, 3],
        [1001, 1002, 1003],
      ]),
    );
    expect(y.shape).toEqual([2, 3]);
    expectClose(y.data.subarray(3), y.data.subarray(0, 3), { rtol: 1e-15 });
  });

  it("propagates NaN through its row only", () => {
    const y = softmax(
      fromNested([
        [1, NaN, 2],
        [0, 0, 0],
      ]),
    );
    expect([...y.data.subarray(0, 3)].every(Number.isNaN)).toBe(true);
    expectClose(y.data.subarray(3), [1 / 3, 1 / 3, 1 / 3], { rtol: 1e-15 });
  });

  it("rejects wrong ranks and empty rows, naming the shape", () => {
    const cube = { data: new Float64Array(24), shape: [2, 3, 4] };
    expect(() => softmax(cube)).toThrow(new RangeError("softmax: expected a vector or matrix, got shape (2, 3, 4)"));
    expect(() => softmax(fromNested(1))).toThrow(/got shape \(\)/);
    expect(() => softmax(fromNested([]))).toThrow(/empty row, got shape \(0,\)/);
  });

  it("returns a new array and leaves x alone", () => {
    const x = fromNested([1, 2]);
    const y = softmax(x);
    expect(y.data).not.toBe(x.data);
    expect([...x.data]).toEqual([1, 2]);
  });
});

// fixtures/generate_edges.py: rows long enough that numpy's pairwise row sum and a plain loop
// differ in the last bits; every exp(x - max) is the same in numpy and V8, so y is exact.
interface LongCase {
  name: string;
  shape: number[];
  x: number[];
  y_f64le_base64: string;
  row_sum: number[];
  plain_row_sum: number[];
}
const long = loadFixture<LongCase[]>("softmax-long").cases;

describe("softmax on long rows", () => {
  it.each(long.map((c) => [c.name, c] as const))("is numpy's bit for bit (pairwise row sums): %s", (_, c) => {
    const bytes = Buffer.from(c.y_f64le_base64, "base64");
    const expected = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
    expect(c.row_sum.every((s, i) => s !== c.plain_row_sum[i])).toBe(true); // the case can tell the two sums apart
    const y = softmax({ data: Float64Array.from(c.x), shape: c.shape });
    expect(y.shape).toEqual(c.shape);
    expectClose(y.data, expected, { bitwise: true });
  });
});
