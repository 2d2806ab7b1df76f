/**
 * Compares numbers the way numpy.isclose does: |actual - expected| <= atol + rtol * |expected|
 * (asymmetric: the tolerance scales with the expected value). Infinities are close only to the
 * same infinity; NaN matches NaN unless `equalNan: false`. With `bitwise: true` every element
 * must be identical by Object.is, so -0 differs from 0 and any NaN matches any NaN.
 *
 * Defaults are strict (rtol 1e-12, atol 0) so a test that forgets its options does not pass by
 * accident; pass the tolerance the comparison needs. Throws an Error naming the first bad index,
 * both values and the tolerance.
 */
import { isClose } from "../../core/grading/tolerance";

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  bitwise?: boolean;
  equalNan?: boolean;
}

export class CloseAssertionError extends Error {
  override name = "AssertionError";
}

/** Shortest round-trip text, keeping the sign of zero visible. */
export function show(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

export function expectClose(
  actual: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  opts: CloseOptions = {},
): void {
  const { rtol = 1e-12, atol = 0, bitwise = false, equalNan = true } = opts;
  const a = toList(actual, "actual");
  const e = toList(expected, "expected");
  if ((typeof actual === "number") !== (typeof expected === "number")) {
    throw new CloseAssertionError(`expectClose: actual is ${describe(actual)} but expected is ${describe(expected)}`);
  }
  if (a.length !== e.length) {
    throw new CloseAssertionError(`expectClose: actual has ${a.length} elements, expected ${e.length}`);
  }
  let first = -1;
  let bad = 0;
  for (let i = 0; i < a.length; i++) {
    const ok = bitwise ? Object.is(a[i], e[i]) : isClose(a[i], e[i], { rtol, atol }, equalNan);
    if (!ok) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad === 0) return;
  const x = a[first];
  const y = e[first];
  const where = typeof actual === "number" ? "" : `index ${first}: `;
  const count = typeof actual === "number" ? "" : ` (${bad} of ${a.length} elements differ)`;
  const why = bitwise
    ? "not bitwise equal (Object.is)"
    : `|actual - expected| = ${show(Math.abs(x - y))} > atol ${atol} + rtol ${rtol} * |expected| = ${show(atol + rtol * Math.abs(y))}`;
  throw new CloseAssertionError(`expectClose: ${where}actual ${show(x)}, expected ${show(y)}: ${why}${count}`);
}

function toList(v: number | ArrayLike<number>, what: string): ArrayLike<number> {
  if (typeof v === "number") return [v];
  if (v === null || typeof v !== "object" || typeof v.length !== "number") {
    throw new CloseAssertionError(`expectClose: ${what} is not a number or an array of numbers`);
  }
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== "number") {
      throw new CloseAssertionError(`expectClose: ${what}[${i}] is not a number: ${String(v[i])}`);
    }
  }
  return v;
}

function describe(v: number | ArrayLike<number>): string {
  return typeof v === "number" ? "a number" : `an array of ${v.length}`;
}
