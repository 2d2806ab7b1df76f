import { rangeErrorIn } from "../i18n";
import { type NDArray, sameShape, shapeString } from "../ndarray";
import { sum } from "./sum";

/**
 * The book's `mean_squared_error(y, t) = 0.5 * np.sum((y - t)**2)` for equal-shape vectors or
 * matrices. Bit-for-bit numpy: element-wise y - t, then numpy's `**2` on a float64 array is
 * np.square (exactly d * d), then numpy's pairwise sum.
 */
export function meanSquaredError(y: NDArray, t: NDArray): number {
  if (y.shape.length < 1 || y.shape.length > 2) {
    throw rangeErrorIn("meanSquaredError", "book.rank", { shape: shapeString(y.shape) });
  }
  if (!sameShape(y.shape, t.shape)) {
    throw rangeErrorIn("meanSquaredError", "book.same-shape", { y: shapeString(y.shape), t: shapeString(t.shape) });
  }
  const squares = new Float64Array(y.data.length);
  for (let i = 0; i < squares.length; i++) {
    const d = y.data[i] - t.data[i];
    squares[i] = d * d;
  }
  return 0.5 * sum(squares);
}
