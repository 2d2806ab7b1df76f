import { rangeErrorIn } from "../i18n";
import { type NDArray, shapeString } from "../ndarray";

/**
 * np.dot for vectors and matrices: (n)·(n) -> (), (n)·(n, m) -> (m), (b, n)·(n) -> (b),
 * (b, n)·(n, m) -> (b, m). Plain float64 loops summing over k in order; numpy goes through
 * BLAS (blocked, FMA), so the two agree to a tolerance, not bit for bit.
 */
export function dot(a: NDArray, b: NDArray): NDArray {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (ra < 1 || ra > 2 || rb < 1 || rb > 2) {
    throw rangeErrorIn("dot", "book.dot-rank", { a: shapeString(a.shape), b: shapeString(b.shape) });
  }
  const rows = ra === 1 ? 1 : a.shape[0];
  const n = a.shape[ra - 1];
  const m = rb === 1 ? 1 : b.shape[1];
  if (b.shape[0] !== n) {
    throw rangeErrorIn("dot", "book.dot-aligned", {
      a: shapeString(a.shape),
      b: shapeString(b.shape),
      n,
      dim: ra - 1,
      m: b.shape[0],
    });
  }
  const out = new Float64Array(rows * m);
  const A = a.data;
  const B = b.data;
  for (let r = 0; r < rows; r++) {
    const o = r * m;
    for (let k = 0; k < n; k++) {
      const av = A[r * n + k];
      const bo = k * m;
      for (let j = 0; j < m; j++) out[o + j] += av * B[bo + j];
    }
  }
  const shape = [...(ra === 2 ? [rows] : []), ...(rb === 2 ? [m] : [])];
  return { data: out, shape };
}
