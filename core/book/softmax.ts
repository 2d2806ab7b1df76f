import { rangeErrorIn } from "../i18n";
import { type NDArray, shapeString } from "../ndarray";
import { sum } from "./sum";

/**
 * The book's softmax (common/functions.py), row-wise for a matrix:
 *   x = x - np.max(x, axis=-1, keepdims=True)   # subtract the max so exp cannot overflow
 *   np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)
 * NaN anywhere in a row makes the row NaN, as in numpy. Each row's sum is numpy's pairwise sum.
 */
export function softmax(x: NDArray): NDArray {
  const rank = x.shape.length;
  if (rank < 1 || rank > 2) {
    throw rangeErrorIn("softmax", "book.rank", { shape: shapeString(x.shape) });
  }
  const n = x.shape[rank - 1];
  const rows = rank === 1 ? 1 : x.shape[0];
  if (n === 0 && rows > 0) {
    throw rangeErrorIn("softmax", "book.empty-row", { shape: shapeString(x.shape) });
  }
  const out = new Float64Array(x.data.length);
  for (let r = 0; r < rows; r++) {
    const off = r * n;
    let max = -Infinity;
    for (let i = off; i < off + n; i++) {
      const v = x.data[i];
      if (v > max || Number.isNaN(v)) max = v;
      if (Number.isNaN(max)) break;
    }
    for (let i = off; i < off + n; i++) out[i] = Math.exp(x.data[i] - max);
    const total = sum(out.subarray(off, off + n));
    for (let i = off; i < off + n; i++) out[i] /= total;
  }
  return { data: out, shape: [...x.shape] };
}
