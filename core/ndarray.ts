import { rangeErrorIn } from "./i18n";
/**
 * A minimal n-dimensional array: float64 values in C (row-major) order with an explicit
 * shape, as numpy's `ndarray` of dtype float64. A 0-d array has shape [] and one value.
 */
export interface NDArray {
  data: Float64Array;
  shape: number[];
}

/** Nested JSON numbers, as `ndarray.tolist()` produces them. */
export type Nested = number | Nested[];

export function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function ndarray(data: ArrayLike<number>, shape: number[] = [data.length]): NDArray {
  if (size(shape) !== data.length) {
    throw rangeErrorIn("ndarray", "shape.fill", { n: data.length, shape: shape.join(", ") });
  }
  return { data: Float64Array.from(data), shape: [...shape] };
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function shapeString(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

/** Converts nested lists (rectangular) to an NDArray; throws RangeError if ragged. */
export function fromNested(value: Nested): NDArray {
  const shape: number[] = [];
  let probe: Nested = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const out = new Float64Array(size(shape));
  let k = 0;
  const walk = (v: Nested, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== "number") throw rangeErrorIn("fromNested", "shape.ragged");
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw rangeErrorIn("fromNested", "shape.ragged");
    }
    for (const item of v) walk(item, depth + 1);
  };
  walk(value, 0);
  return { data: out, shape };
}
