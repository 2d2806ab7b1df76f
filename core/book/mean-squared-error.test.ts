import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture, nd } from "../../test/helpers/fixtures";
import { fromNested, type Nested } from "../ndarray";
import { meanSquaredError } from "./mean-squared-error";

interface Case {
  name: string;
  y: Nested;
  t: Nested;
  loss: number;
}
const { cases } = loadFixture<{ mean_squared_error: Case[] }>("loss");

describe("meanSquaredError", () => {
  it("reproduces the book's printed values exactly", () => {
    const t = fromNested([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    const y1 = fromNested([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
    const y2 = fromNested([0.1, 0.05, 0.0, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0]);
    expect(meanSquaredError(y1, t)).toBe(0.09750000000000003);
    expect(meanSquaredError(y2, t)).toBe(0.6925);
  });

  it.each(cases.mean_squared_error.map((c) => [c.name, c] as const))("equals numpy bit for bit: %s", (_, c) => {
    expectClose(meanSquaredError(nd(c.y), nd(c.t)), c.loss, { bitwise: true });
  });

  it("rejects mismatched shapes and wrong ranks, naming the shapes", () => {
    expect(() => meanSquaredError(fromNested([1, 2, 3]), fromNested([1, 2]))).toThrow(
      new RangeError("meanSquaredError: y and t must have the same shape, got (3,) and (2,)"),
    );
    expect(() => meanSquaredError(fromNested([[1, 2]]), fromNested([1, 2]))).toThrow(/got \(1, 2\) and \(2,\)/);
    expect(() => meanSquaredError(fromNested(3), fromNested(3))).toThrow(
      new RangeError("meanSquaredError: expected a vector or matrix, got shape ()"),
    );
    expect(() => meanSquaredError(fromNested([[[1]]]), fromNested([[[1]]]))).toThrow(/got shape \(1, 1, 1\)/);
  });

  it("does not modify its inputs", () => {
    const y = fromNested([1, 2]);
    const t = fromNested([0, 5]);
    meanSquaredError(y, t);
    expect([...y.data, ...t.data]).toEqual([1, 2, 0, 5]);
  });
});
