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
export const uniform = (rng: Random, lo: number, hi: number, digits: number): number =>
  round(lo + (hi - lo) * rng.random(), digits);

/** An integer in [lo, hi]. */
export const integer = (rng: Random, lo: number, hi: number): number => lo + rng.randint(hi - lo + 1);

/** A number parameter with a default and bounds (generator parameters come from assignment JSON). */
export function numParam(
  params: Record<string, unknown>,
  name: string,
  fallback: number,
  lo: number,
  hi: number,
): number {
  const v = params[name];
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
    throw new RangeError(`params.${name} must be a number in [${lo}, ${hi}], got ${JSON.stringify(v)}`);
  }
  return v;
}

export function intParam(
  params: Record<string, unknown>,
  name: string,
  fallback: number,
  lo: number,
  hi: number,
): number {
  const v = numParam(params, name, fallback, lo, hi);
  if (!Number.isInteger(v)) throw new RangeError(`params.${name} must be an integer, got ${v}`);
  return v;
}

/**
 * A probability vector like a softmax output: hundredths that add up to 1 (so the row sums to
 * 1, as a softmax gives, up to float rounding), the label's entry at least 0.05, and one exact
 * zero elsewhere (so log(0) matters). Rounding to hundredths keeps the largest remainders.
 */
export function probabilities(rng: Random, n: number, label: number): number[] {
  const raw = Array.from({ length: n }, () => Math.exp(2 * rng.randn()));
  const zero = (label + 1 + rng.randint(n - 1)) % n;
  raw[zero] = 0;
  const total = raw.reduce((a, b) => a + b, 0);
  const exact = raw.map((v) => (100 * v) / total);
  const units = exact.map(Math.floor);
  const order = exact.map((v, i) => [v - Math.floor(v), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = 100 - units.reduce((a, b) => a + b, 0); k < left; k++) units[order[k][1]]++;
  const floor = 5 + Math.floor(50 * rng.random());
  while (units[label] < floor) {
    let from = -1;
    for (let i = 0; i < n; i++) if (i !== label && (from < 0 || units[i] > units[from])) from = i;
    if (units[from] === 0) break;
    units[from]--;
    units[label]++;
  }
  return units.map((u) => u / 100);
}

export const oneHot = (label: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => (i === label ? 1 : 0));

export const nd = (data: ArrayLike<number>, shape: number[]): NDArray => ({ data: Float64Array.from(data), shape });

/** Nested lists of an NDArray with shape [rows, cols]. */
export const rows2 = (a: number[][]): NDArray => nd(a.flat(), [a.length, a[0]?.length ?? 0]);
