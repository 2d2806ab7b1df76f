/**
 * The output layer: row-wise softmax and the book's cross-entropy, forward and backward.
 *   softmax:  y_i = exp(a_i - max a) / sum_j exp(a_j - max a)   (max subtracted: no overflow)
 *   loss:     -(1/N) sum_r log(y[r, t_r] + 1e-7)                (cross_entropy_error, delta 1e-7)
 *   backward: dA = (y - onehot(t)) / N                          (SoftmaxWithLoss.backward)
 * Labels are integer classes (the one-hot t of the book, stored compactly).
 */

import { CEE_DELTA } from "../book/cross-entropy-error";

/** Softmax in place on each of `rows` rows of `n` values. */
export function softmaxRows(a: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (a[o + j] > max) max = a[o + j];
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(a[o + j] - max);
      a[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) a[o + j] = a[o + j] / sum;
  }
}

/** Mean cross-entropy of probabilities y (rows x n) against integer labels, accumulated in float64. */
export function crossEntropyLoss(y: Float32Array, labels: ArrayLike<number>, rows: number, n: number): number {
  let s = 0;
  for (let r = 0; r < rows; r++) s += Math.log(y[r * n + labels[r]] + CEE_DELTA);
  return -s / rows;
}

/** dA = (y - t) / rows, in place on y. */
export function softmaxWithLossBackward(y: Float32Array, labels: ArrayLike<number>, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    y[o + labels[r]] -= 1;
    for (let j = 0; j < n; j++) y[o + j] /= rows;
  }
}

/** Row-wise argmax (first maximum, as np.argmax). */
export function argmaxRows(y: Float32Array, rows: number, n: number, out: Uint8Array | Int32Array): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let best = 0;
    for (let j = 1; j < n; j++) if (y[o + j] > y[o + best]) best = j;
    out[r] = best;
  }
}
