import type { NDArray } from "../../ndarray";

/**
 * The book's numerical_gradient with one of its classic mistakes switched on, written out
 * in the student's operation order so the wrong numbers are exactly what numpy produces:
 *   forward:   (f(x + h) - f(x)) / h instead of the central difference
 *   noRestore: x[idx] is left at tmp_val - h (the next partials see a moved point)
 *   integer:   x is an integer array (np.array([3, 4])): x[idx] = tmp_val ± h and
 *              grad[idx] = ... are truncated toward zero, as numpy casts floats into int64
 */
export interface GradientVariant {
  h?: number;
  forward?: boolean;
  noRestore?: boolean;
  integer?: boolean;
}

export function variantGradient(f: (x: NDArray) => number, x0: NDArray, v: GradientVariant = {}): NDArray {
  const h = v.h ?? 1e-4;
  const x: NDArray = { data: Float64Array.from(x0.data), shape: [...x0.shape] };
  const cast = v.integer ? Math.trunc : (n: number) => n;
  const grad = new Float64Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const tmp = x.data[i];
    if (v.forward) {
      const fx = f(x);
      x.data[i] = cast(tmp + h);
      grad[i] = cast((f(x) - fx) / h);
      x.data[i] = tmp;
      continue;
    }
    x.data[i] = cast(tmp + h);
    const fxh1 = f(x);
    x.data[i] = cast(tmp - h);
    const fxh2 = f(x);
    grad[i] = cast((fxh1 - fxh2) / (2 * h));
    if (!v.noRestore) x.data[i] = tmp;
  }
  return { data: grad, shape: [...x.shape] };
}

export interface DescentVariant {
  lr: number;
  steps: number;
  /** +1: gradient ascent (x += lr * grad). */
  ascent?: boolean;
  forward?: boolean;
}

/** gradient_descent with a mistake; history[k] = x before step k, after[k] = x after step k. */
export function variantDescent(
  f: (x: NDArray) => number,
  init: NDArray,
  v: DescentVariant,
): { x: NDArray; history: NDArray[]; after: NDArray[] } {
  const x: NDArray = { data: Float64Array.from(init.data), shape: [...init.shape] };
  const history: NDArray[] = [];
  const after: NDArray[] = [];
  for (let s = 0; s < v.steps; s++) {
    history.push({ data: Float64Array.from(x.data), shape: [...x.shape] });
    const grad = variantGradient(f, x, { forward: v.forward }).data;
    for (let i = 0; i < x.data.length; i++) {
      if (v.ascent) x.data[i] += v.lr * grad[i];
      else x.data[i] -= v.lr * grad[i];
    }
    after.push({ data: Float64Array.from(x.data), shape: [...x.shape] });
  }
  return { x, history, after };
}

/** Rows stacked into one (rows, n) array, as np.array(x_history). */
export function stack(rows: NDArray[], n: number): NDArray {
  const data = new Float64Array(rows.length * n);
  rows.forEach((r, k) => data.set(r.data, k * n));
  return { data, shape: [rows.length, n] };
}
