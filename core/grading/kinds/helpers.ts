import type { NDArray } from "../../ndarray";
import type { Random } from "../../random";

/** A 0-d array holding one number (the shape of a scalar answer). */
export const scalar = (v: number): NDArray => ({ data: Float64Array.of(v), shape: [] });

/** v rounded to `digits` decimals, so statements print short numbers (the JSON round-trips exactly). */
export const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  const r = Math.round(v * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

/** A uniform number in [lo, hi) rounded to `digits` decimals. */
export const uniform = (rng: Random, lo: number, hi: number, digits: number): number => round(lo + (hi - lo) * rng.random(), digits);

/** An integer in [lo, hi]. */
export const integer = (rng: Random, lo: number, hi: number): number => lo + rng.randint(hi - lo + 1);

/** A number parameter with a default and bounds (generator parameters come from assignment JSON). */
export function numParam(params: Record<string, unknown>, name: string, fallback: number, lo: number, hi: number): number {
  const v = params[name];
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
    throw new RangeError(`params.${name} must be a number in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
  }
  return v;
}

export function intParam(params: Record<string, unknown>, name: string, fallback: number, lo: number, hi: number): number {
  const v = numParam(params, name, fallback, lo, hi);
  if (!Number.isInteger(v)) throw new RangeError(`params.${name} must be an integer, got ${v}`);
  return v;
}

/**
 * A probability vector like a softmax output, rounded to 2 decimals as in the book's example,
 * with the label's entry at least 0.05 and at least one exact zero elsewhere (so log(0) matters).
 */
export function probabilities(rng: Random, n: number, label: number): number[] {
  const raw = Array.from({ length: n }, () => Math.exp(2 * rng.randn()));
  const total = raw.reduce((a, b) => a + b, 0);
  const y = raw.map((v) => round(v / total, 2));
  if (y[label] < 0.05) y[label] = round(0.05 + 0.5 * rng.random(), 2);
  const zero = (label + 1 + rng.randint(n - 1)) % n;
  y[zero] = 0;
  return y;
}

export const oneHot = (label: number, n: number): number[] => Array.from({ length: n }, (_, i) => (i === label ? 1 : 0));

export const nd = (data: ArrayLike<number>, shape: number[]): NDArray => ({ data: Float64Array.from(data), shape });

/** Nested lists of an NDArray with shape [rows, cols]. */
export const rows2 = (a: number[][]): NDArray => nd(a.flat(), [a.length, a[0]?.length ?? 0]);
