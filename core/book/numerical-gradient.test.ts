import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture, nd } from "../../test/helpers/fixtures";
import { lookup, vectorFunctions } from "../../test/helpers/polynomials";
import { fromNested, type NDArray, type Nested } from "../ndarray";
import { numericalGradient } from "./numerical-gradient";

interface Case {
  id: string;
  expr: string;
  x: Nested;
  h: number;
  grad: Nested;
}
const { cases } = loadFixture<Case[]>("numerical_gradient");

describe("numericalGradient", () => {
  it.each(cases.map((c, i) => [`${i} ${c.expr} at ${JSON.stringify(c.x)}, h=${c.h}`, c] as const))(
    "equals numpy bit for bit: %s",
    (_, c) => {
      const x = nd(c.x);
      const before = Float64Array.from(x.data);
      const g = numericalGradient(lookup(vectorFunctions, c.id), x, c.h);
      expect(g.shape).toEqual(nd(c.grad).shape);
      expectClose(g.data, nd(c.grad).data, { bitwise: true });
      expectClose(x.data, before, { bitwise: true }); // restored
    },
  );

  it("includes the book's examples and a matrix input", () => {
    expect(cases.some((c) => c.id === "function_2" && JSON.stringify(c.x) === "[3,4]")).toBe(true);
    expect(cases.some((c) => Array.isArray(c.x) && Array.isArray(c.x[0]))).toBe(true);
  });

  it("perturbs one element at a time in C order, +h then -h", () => {
    const x = fromNested([
      [1, 2],
      [3, 4],
    ]);
    const seen: number[][] = [];
    numericalGradient(
      (v: NDArray) => {
        seen.push([...v.data]);
        return 0;
      },
      x,
      0.5,
    );
    expect(seen).toEqual([
      [1.5, 2, 3, 4],
      [0.5, 2, 3, 4],
      [1, 2.5, 3, 4],
      [1, 1.5, 3, 4],
      [1, 2, 3.5, 4],
      [1, 2, 2.5, 4],
      [1, 2, 3, 4.5],
      [1, 2, 3, 3.5],
    ]);
  });

  it("restores x when f throws", () => {
    const x = fromNested([1, 2, 3]);
    let calls = 0;
    expect(() =>
      numericalGradient(() => {
        if (++calls === 4) throw new Error("boom");
        return 0;
      }, x),
    ).toThrow("boom");
    expect([...x.data]).toEqual([1, 2, 3]);
  });

  it("keeps the shape, including 0-d", () => {
    const g = numericalGradient((v) => v.data[0] * v.data[0], fromNested(3));
    expect(g.shape).toEqual([]);
    expectClose(g.data, [6], { rtol: 1e-6 });
  });

  it("rejects an unusable h", () => {
    expect(() => numericalGradient(() => 0, fromNested([1]), 0)).toThrow(
      /numericalGradient: h must be a finite non-zero number, got 0/,
    );
  });
});
