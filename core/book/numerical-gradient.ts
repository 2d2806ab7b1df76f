import { rangeErrorIn } from "../i18n";
import type { NDArray } from "../ndarray";

/**
 * The book's numerical_gradient (common/gradient.py, np.nditer version) for x of any shape:
 * for each element in C order,
 *   x[idx] = tmp + h; fxh1 = f(x); x[idx] = tmp - h; fxh2 = f(x);
 *   grad[idx] = (fxh1 - fxh2) / (2*h); x[idx] = tmp
 * f sees x itself, perturbed in place one element at a time (so f may read x or any array that
 * shares its data, as simpleNet's loss reads W). Every element is restored before returning,
 * and also when f throws (try/finally), so x is unchanged afterwards either way. f also gets the
 * index of the perturbed element, so a caller that knows what one element changes (a network's
 * gradient check) can recompute only that; the book's f(x) simply ignores it.
 */
export function numericalGradient(f: (x: NDArray, index: number) => number, x: NDArray, h = 1e-4): NDArray {
  if (!Number.isFinite(h) || h === 0) {
    throw rangeErrorIn("numericalGradient", "book.h", { h });
  }
  const grad = new Float64Array(x.data.length);
  const data = x.data;
  for (let i = 0; i < data.length; i++) {
    const tmp = data[i];
    try {
      data[i] = tmp + h;
      const fxh1 = f(x, i);
      data[i] = tmp - h;
      const fxh2 = f(x, i);
      grad[i] = (fxh1 - fxh2) / (2 * h);
    } finally {
      data[i] = tmp;
    }
  }
  return { data: grad, shape: [...x.shape] };
}
