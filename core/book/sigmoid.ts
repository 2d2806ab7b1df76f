import type { NDArray } from "../ndarray";

/** The book's sigmoid, element-wise: 1 / (1 + np.exp(-x)). Any shape; returns a new array. */
export function sigmoid(x: NDArray): NDArray {
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-x.data[i]));
  return { data: out, shape: [...x.shape] };
}
