import { describe, expect, it } from "vitest";
import { expectClose } from "../../test/helpers/expect-close";
import { loadFixture, nd } from "../../test/helpers/fixtures";
import { fromNested, type Nested } from "../ndarray";
import { dot } from "./dot";

interface Case {
  a: Nested;
  b: Nested;
  out: Nested;
}
const { cases } = loadFixture<Case[]>("dot");

describe("dot", () => {
  it.each(cases.map((c) => [`${JSON.stringify(nd(c.a).shape)}·${JSON.stringify(nd(c.b).shape)}`, c] as const))(
    "agrees with np.dot (BLAS) to 1e-12: %s",
    (_, c) => {
      const out = dot(nd(c.a), nd(c.b));
      expect(out.shape).toEqual(nd(c.out).shape);
      // rtol alone fails near zero after cancellation; atol is 1e-14 of the terms' scale (~1)
      expectClose(out.data, nd(c.out).data, { rtol: 1e-12, atol: 1e-14 });
    },
  );

  it("computes small products exactly", () => {
    expect(
      dot(
        fromNested([1, 2]),
        fromNested([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ),
    ).toEqual(fromNested([9, 12, 15]));
    expect(
      dot(
        fromNested([
          [1, 2],
          [3, 4],
        ]),
        fromNested([5, 6]),
      ),
    ).toEqual(fromNested([17, 39]));
    expect(dot(fromNested([1, 2]), fromNested([3, 4]))).toEqual(fromNested(11));
  });

  it("rejects unaligned shapes and other ranks", () => {
    expect(() => dot(fromNested([1, 2]), fromNested([[1, 2, 3]]))).toThrow(
      new RangeError("dot: shapes (2,) and (1, 3) not aligned: 2 (dim 0) != 1 (dim 0)"),
    );
    expect(() => dot(fromNested(1), fromNested([1]))).toThrow(
      /expected vectors or matrices, got shapes \(\) and \(1,\)/,
    );
  });
});
