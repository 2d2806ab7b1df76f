import { rangeError, typeError } from "../i18n";
import { type NDArray, shapeString, size } from "../ndarray";
import type { IndexItem } from "./ast";

/** A value during evaluation: a float64 scalar or an n-d array (never a 0-d array). */
export type Value = number | NDArray;

export function isArray(v: Value): v is NDArray {
  return typeof v !== "number";
}

export function map1(v: Value, f: (a: number) => number): Value {
  if (typeof v === "number") return f(v);
  const out = new Float64Array(v.data.length);
  const d = v.data;
  for (let i = 0; i < d.length; i++) out[i] = f(d[i]);
  return { data: out, shape: [...v.shape] };
}

/** numpy's broadcast of two shapes (align right; 1 stretches), or a RangeError. */
export function broadcastShapes(a: readonly number[], b: readonly number[], what: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw rangeError("expr.broadcast", { what, a: shapeString(a), b: shapeString(b) });
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides (in elements) of `shape` seen through the broadcast `out` shape; 0 where stretched. */
function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const strides = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const j = out.length - shape.length + i;
    strides[j] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/** Element-wise f(a, b) with numpy broadcasting; `what` names the operator in errors. */
export function map2(a: Value, b: Value, f: (x: number, y: number) => number, what: string): Value {
  if (typeof a === "number") {
    if (typeof b === "number") return f(a, b);
    const out = new Float64Array(b.data.length),
      d = b.data;
    for (let i = 0; i < d.length; i++) out[i] = f(a, d[i]);
    return { data: out, shape: [...b.shape] };
  }
  if (typeof b === "number") {
    const out = new Float64Array(a.data.length),
      d = a.data;
    for (let i = 0; i < d.length; i++) out[i] = f(d[i], b);
    return { data: out, shape: [...a.shape] };
  }
  const shape = broadcastShapes(a.shape, b.shape, what);
  const n = size(shape);
  // Broadcasting that grows the result past its larger operand (an outer product such as
  // x * x[:, 0]) is refused: it would make the work of an expression grow with a power of x's
  // size, past any cap estimated from the expression and x before evaluation.
  if (n > Math.max(a.data.length, b.data.length)) {
    throw rangeError("expr.broadcast-grows", { what, a: shapeString(a.shape), b: shapeString(b.shape), n });
  }
  const out = new Float64Array(n);
  if (a.data.length === n && b.data.length === n) {
    for (let i = 0; i < n; i++) out[i] = f(a.data[i], b.data[i]);
    return { data: out, shape };
  }
  const sa = broadcastStrides(a.shape, shape),
    sb = broadcastStrides(b.shape, shape);
  const idx = new Array<number>(shape.length).fill(0);
  let ia = 0,
    ib = 0;
  for (let k = 0; k < n; k++) {
    out[k] = f(a.data[ia], b.data[ib]);
    // odometer increment of the multi-index, moving both flat offsets with it
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d]++;
      ia += sa[d];
      ib += sb[d];
      if (idx[d] < shape[d]) break;
      ia -= sa[d] * shape[d];
      ib -= sb[d] * shape[d];
      idx[d] = 0;
    }
  }
  return { data: out, shape };
}

export const add = (a: number, b: number): number => a + b;
export const subtract = (a: number, b: number): number => a - b;
export const multiply = (a: number, b: number): number => a * b;
/** IEEE division: 1/0 = inf, 0/0 = nan, as numpy (not Python's ZeroDivisionError). */
export const divide = (a: number, b: number): number => a / b;

/**
 * numpy's npy_divmod (npymath, npy_math_internal.h.src), which is CPython's float floor
 * division: mod = fmod(a, b); div = (a - mod) / b, corrected towards floor, then snapped to
 * the nearest integer. JS `%` is C fmod exactly. Division by zero gives a / b (inf or nan).
 */
export function floorDivide(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  // C's `if (mod)` is true for NaN, and isless(NaN, 0) is false: `mod < 0` matches both.
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1.0;
  if (div !== 0) {
    let floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
  }
  return copysign(0, a / b);
}

/** numpy's npy_remainder: Python's `%` (result has the sign of b); x % 0 = nan. */
export function remainder(a: number, b: number): number {
  let mod = a % b;
  if (b === 0) return mod;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) mod += b;
  } else {
    mod = copysign(0, b);
  }
  return mod;
}

function copysign(x: number, s: number): number {
  return s < 0 || Object.is(s, -0) ? -Math.abs(x) : Math.abs(x);
}

/**
 * C's pow(a, b) through Math.pow, with the two IEEE cases where JavaScript differs from C:
 * pow(1, y) = 1 and pow(-1, +-inf) = 1 (JavaScript gives NaN for both).
 */
export function cpow(a: number, b: number): number {
  if (a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return a ** b;
}

/**
 * `a ** b` with numpy's fast paths for a scalar exponent (numpy/_core/src/multiarray/
 * number.c, fast_scalar_power): 2 -> square (a*a, exact), 0.5 -> sqrt (exact), -1 ->
 * reciprocal (1/a, exact). Other exponents use pow, which is not correctly rounded
 * anywhere: V8, glibc and numpy's SIMD (SVML) pow disagree in the last bit.
 */
export function power(a: number, b: number): number {
  if (b === 2) return a * a;
  if (b === 0.5) return Math.sqrt(a);
  if (b === -1) return 1 / a;
  return cpow(a, b);
}

export function powerValue(a: Value, b: Value): Value {
  if (typeof b === "number") {
    if (typeof a === "number") return power(a, b);
    if (b === 2) return map1(a, (v) => v * v);
    if (b === 0.5) return map1(a, Math.sqrt);
    if (b === -1) return map1(a, (v) => 1 / v);
    return map1(a, (v) => cpow(v, b));
  }
  return map2(a, b, cpow, "**");
}

/** Python's slice.indices(n) for a step that is not zero. */
function sliceRange(s: { start: number | null; stop: number | null; step: number | null }, n: number) {
  const step = s.step ?? 1;
  const clamp = (v: number | null, dflt: number, lo: number, hi: number): number => {
    if (v === null) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, lo), hi);
  };
  const start = step > 0 ? clamp(s.start, 0, 0, n) : clamp(s.start, n - 1, -1, n - 1);
  const stop = step > 0 ? clamp(s.stop, n, 0, n) : clamp(s.stop, -1, -1, n - 1);
  const count =
    step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return { start, step, count };
}

/**
 * numpy basic indexing with integer literals and slices, e.g. x[0], x[-1], x[0, 1], x[1:].
 * The result is a fresh C-ordered array (or a number when every axis is taken by an int).
 * An index out of range is a RangeError worded as numpy's IndexError.
 */
export function indexValue(v: Value, items: readonly IndexItem[], label: string): Value {
  if (typeof v === "number") {
    throw typeError("expr.index-number", { label });
  }
  const shape = v.shape;
  if (items.length > shape.length) {
    throw rangeError("expr.too-many-indices-for", {
      label,
      shape: shapeString(shape),
      dims: shape.length,
      count: items.length,
    });
  }
  // Per axis: the list of source positions taken, and whether the axis survives.
  const outShape: number[] = [];
  const picks: number[][] = [];
  for (let ax = 0; ax < shape.length; ax++) {
    const n = shape[ax];
    const it = items[ax];
    if (it === undefined) {
      picks.push(Array.from({ length: n }, (_, i) => i));
      outShape.push(n);
    } else if (it.kind === "int") {
      const i = it.value < 0 ? it.value + n : it.value;
      if (i < 0 || i >= n) {
        throw rangeError("expr.index-bounds", { index: it.value, axis: ax, size: n, label, shape: shapeString(shape) });
      }
      picks.push([i]);
    } else {
      const r = sliceRange(it, n);
      picks.push(Array.from({ length: r.count }, (_, k) => r.start + k * r.step));
      outShape.push(r.count);
    }
  }
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let ax = shape.length - 1; ax >= 0; ax--) {
    strides[ax] = s;
    s *= shape[ax];
  }
  const out = new Float64Array(size(outShape));
  let k = 0;
  const fill = (ax: number, offset: number): void => {
    if (ax === shape.length) {
      out[k++] = v.data[offset];
      return;
    }
    for (const i of picks[ax]) fill(ax + 1, offset + i * strides[ax]);
  };
  fill(0, 0);
  if (outShape.length === 0) return out[0];
  return { data: out, shape: outShape };
}
