/**
 * The functions fixtures/generate.py differentiates, by id, written with numpy's exact operation
 * order (Python's * and + are left-associative like JS; `x**2` on a float64 array is x*x, so a
 * square is written (x * x) and never folded into a neighbouring product).
 */

import { sum } from "../../core/book/sum";
import type { NDArray } from "../../core/ndarray";

export const scalarFunctions: Record<string, (x: number) => number> = {
  func_1: (x) => 0.01 * (x * x) + 0.1 * x, // 0.01*x**2 + 0.1*x
  square: (x) => x * x, // x**2
  quad: (x) => 3 * (x * x) - 4 * x + 1, // 3*x**2 - 4*x + 1
  cubic: (x) => x * x * x - 2 * x, // x*x*x - 2*x
  quartic: (x) => x * x * (x * x) + 0.5 * x, // x**2*x**2 + 0.5*x
  linear: (x) => 2.5 * x - 1, // 2.5*x - 1
};

const map = (x: NDArray, g: (v: number) => number): Float64Array => x.data.map(g);

export const vectorFunctions: Record<string, (x: NDArray) => number> = {
  function_2: ({ data: x }) => x[0] * x[0] + x[1] * x[1], // x[0]**2 + x[1]**2
  sum_sq: (x) => sum(map(x, (v) => v * v)), // np.sum(x**2)
  poly3var: ({ data: x }) => x[0] * x[0] + 2 * (x[1] * x[1]) + x[0] * x[2] - 3 * x[2], // x[0]**2 + 2*x[1]**2 + x[0]*x[2] - 3*x[2]
  matrix_poly: (x) => sum(map(x, (v) => v * v + 3 * v)), // np.sum(x**2 + 3*x)
};

export function lookup<T>(table: Record<string, T>, id: string): T {
  const fn = table[id];
  if (!fn) throw new Error(`no TypeScript mirror for fixture function ${id}`);
  return fn;
}
