import type { NDArray } from "../ndarray";

/**
 * The book's relu, np.maximum(0, x), element-wise. Any shape; returns a new array.
 * `x < 0 ? 0 : x` keeps NaN as NaN and -0 as -0, which is what numpy 2.4 returns here for
 * np.maximum(0, -0.0) (Math.max(0, -0) would give +0).
 */
export function relu(x: NDArray): NDArray {
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = x.data[i];
    out[i] = v < 0 ? 0 : v;
  }
  return { data: out, shape: [...x.shape] };
}
