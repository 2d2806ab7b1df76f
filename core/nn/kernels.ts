/**
 * The fast path's matrix kernels: float32 storage, float64 accumulation in registers, no
 * allocation. Each is a small function with flat typed-array arguments so that a Wasm SIMD
 * kernel can replace one without touching the layers.
 *
 * Register blocking: an output row is computed 8 columns at a time, with the 8 partial sums in
 * local variables, so each loaded input value is used 8 times before the next is loaded.
 */
import type { SparseRows } from "./sparse-rows";

/**
 * out[r, :] = x[r, :] W + b for sparse x (only its nonzero pixels p, each adding x_p * W[p, :]).
 * W is (cols x n) row-major, b has n values or is null, out is (rows x n).
 */
export function sparseAffine(
  x: SparseRows,
  W: Float32Array,
  b: Float32Array | null,
  n: number,
  out: Float32Array,
): void {
  const { rows, indptr, indices, values } = x;
  for (let r = 0; r < rows; r++) {
    const start = indptr[r];
    const end = indptr[r + 1];
    const o = r * n;
    let j = 0;
    for (; j + 8 <= n; j += 8) {
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0,
        a4 = 0,
        a5 = 0,
        a6 = 0,
        a7 = 0;
      for (let k = start; k < end; k++) {
        const v = values[k];
        const w = indices[k] * n + j;
        a0 += v * W[w];
        a1 += v * W[w + 1];
        a2 += v * W[w + 2];
        a3 += v * W[w + 3];
        a4 += v * W[w + 4];
        a5 += v * W[w + 5];
        a6 += v * W[w + 6];
        a7 += v * W[w + 7];
      }
      if (b !== null) {
        a0 += b[j];
        a1 += b[j + 1];
        a2 += b[j + 2];
        a3 += b[j + 3];
        a4 += b[j + 4];
        a5 += b[j + 5];
        a6 += b[j + 6];
        a7 += b[j + 7];
      }
      out[o + j] = a0;
      out[o + j + 1] = a1;
      out[o + j + 2] = a2;
      out[o + j + 3] = a3;
      out[o + j + 4] = a4;
      out[o + j + 5] = a5;
      out[o + j + 6] = a6;
      out[o + j + 7] = a7;
    }
    for (; j + 2 <= n; j += 2) {
      let a0 = 0,
        a1 = 0;
      for (let k = start; k < end; k++) {
        const v = values[k];
        const w = indices[k] * n + j;
        a0 += v * W[w];
        a1 += v * W[w + 1];
      }
      if (b !== null) {
        a0 += b[j];
        a1 += b[j + 1];
      }
      out[o + j] = a0;
      out[o + j + 1] = a1;
    }
    for (; j < n; j++) {
      let a0 = 0;
      for (let k = start; k < end; k++) a0 += values[k] * W[indices[k] * n + j];
      out[o + j] = b !== null ? a0 + b[j] : a0;
    }
  }
}

/**
 * out = a W + b for dense a (rows x k) and W (k x n); the second layer. Columns in blocks of 4
 * (n = 10 classes: 4 + 4 + 2), zero activations skipped (ReLU makes many).
 */
export function denseAffine(
  a: Float32Array,
  rows: number,
  k: number,
  W: Float32Array,
  b: Float32Array | null,
  n: number,
  out: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const ai = r * k;
    const o = r * n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0;
      for (let i = 0; i < k; i++) {
        const v = a[ai + i];
        if (v === 0) continue;
        const w = i * n + j;
        a0 += v * W[w];
        a1 += v * W[w + 1];
        a2 += v * W[w + 2];
        a3 += v * W[w + 3];
      }
      if (b !== null) {
        a0 += b[j];
        a1 += b[j + 1];
        a2 += b[j + 2];
        a3 += b[j + 3];
      }
      out[o + j] = a0;
      out[o + j + 1] = a1;
      out[o + j + 2] = a2;
      out[o + j + 3] = a3;
    }
    for (; j < n; j++) {
      let a0 = 0;
      for (let i = 0; i < k; i++) a0 += a[ai + i] * W[i * n + j];
      out[o + j] = b !== null ? a0 + b[j] : a0;
    }
  }
}

/** dx = dout W^T: dx[r, i] = sum_j dout[r, j] W[i, j]; dout (rows x n), W (k x n), dx (rows x k). */
export function denseBackwardInput(
  dout: Float32Array,
  rows: number,
  n: number,
  W: Float32Array,
  k: number,
  dx: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const d = r * n;
    for (let i = 0; i < k; i++) {
      const w = i * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += dout[d + j] * W[w + j];
      dx[r * k + i] = s;
    }
  }
}

/** dW = a^T dout and db = sum over rows of dout (overwritten); zero activations skipped. */
export function denseWeightGrad(
  a: Float32Array,
  dout: Float32Array,
  rows: number,
  k: number,
  n: number,
  dW: Float64Array,
  db: Float64Array | null,
): void {
  dW.fill(0, 0, k * n);
  if (db !== null) db.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    const d = r * n;
    if (db !== null) for (let j = 0; j < n; j++) db[j] += dout[d + j];
    for (let i = 0; i < k; i++) {
      const v = a[r * k + i];
      if (v === 0) continue;
      const w = i * n;
      for (let j = 0; j < n; j++) dW[w + j] += v * dout[d + j];
    }
  }
}

/**
 * dW = x^T dout for sparse x, db = column sums of dout (overwritten): each nonzero pixel p of
 * row r adds x_p * dout[r, :] into row p of dW, so only rows of nonzero pixels are touched.
 */
export function sparseWeightGrad(
  x: SparseRows,
  dout: Float32Array,
  n: number,
  dW: Float64Array,
  db: Float64Array | null,
): void {
  const { rows, indptr, indices, values } = x;
  dW.fill(0, 0, x.cols * n);
  if (db !== null) db.fill(0, 0, n);
  for (let r = 0; r < rows; r++) {
    const d = r * n;
    if (db !== null) for (let j = 0; j < n; j++) db[j] += dout[d + j];
    for (let k = indptr[r]; k < indptr[r + 1]; k++) {
      const v = values[k];
      const w = indices[k] * n;
      for (let j = 0; j < n; j++) dW[w + j] += v * dout[d + j];
    }
  }
}
