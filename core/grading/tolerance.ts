import { type NDArray, sameShape } from "../ndarray";

/** Tolerances of numpy.isclose: |a - b| <= atol + rtol * |b| (b is the expected value). */
export interface Tolerance {
  rtol: number;
  atol: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-8 };

/**
 * numpy.isclose(a, b, rtol, atol, equal_nan): infinities are close only to the same infinity,
 * NaN is close to nothing unless equalNan (then NaN is close to NaN).
 */
export function isClose(a: number, b: number, tol: Tolerance = DEFAULT_TOLERANCE, equalNan = false): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return equalNan && Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol.atol + tol.rtol * Math.abs(b);
}

export interface Comparison {
  /** Shapes agree (a scalar answer of shape () against a scalar expected). */
  shapeOk: boolean;
  /** Elements within tolerance (0 when shapes differ). */
  close: number;
  total: number;
  /** Index (C order) of the first element outside the tolerance, -1 when all are close. */
  firstBad: number;
}

/** Element-wise isclose of an answer against the expected array. */
export function compare(actual: NDArray, expected: NDArray, tol: Tolerance, equalNan = false): Comparison {
  const total = expected.data.length;
  if (!sameShape(actual.shape, expected.shape)) return { shapeOk: false, close: 0, total, firstBad: 0 };
  let close = 0;
  let firstBad = -1;
  for (let i = 0; i < total; i++) {
    if (isClose(actual.data[i], expected.data[i], tol, equalNan)) close++;
    else if (firstBad < 0) firstBad = i;
  }
  return { shapeOk: true, close, total, firstBad };
}

/** numpy.allclose with equal_nan: used to recognise a mistake's (possibly NaN) pattern. */
export function allClose(actual: NDArray, expected: NDArray, tol: Tolerance, equalNan = true): boolean {
  const c = compare(actual, expected, tol, equalNan);
  return c.shapeOk && c.close === c.total;
}
