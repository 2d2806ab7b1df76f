/**
 * JSON has no NaN or Infinity. Results that overflow (a diverging descent) or are undefined
 * are sent as the strings "Infinity", "-Infinity" and "NaN" — the spellings numpy's
 * `float("inf")`/`float("nan")` and JavaScript's `Number(...)` both read back.
 */
export type JsonNumber = number | "Infinity" | "-Infinity" | "NaN";

export function jsonNumber(v: number): JsonNumber {
  return Number.isFinite(v) ? v : (String(v) as JsonNumber);
}

export function jsonNumbers(values: ArrayLike<number>): JsonNumber[] {
  return Array.from(values, jsonNumber);
}

/** A nested list as numpy's `tolist()` would print it, with non-finite values as strings. */
export function jsonArray(data: ArrayLike<number>, shape: readonly number[]): unknown {
  if (shape.length === 0) return jsonNumber(data[0]);
  let k = 0;
  const build = (depth: number): unknown[] => {
    const n = shape[depth];
    const row: unknown[] = new Array(n);
    for (let i = 0; i < n; i++) row[i] = depth === shape.length - 1 ? jsonNumber(data[k++]) : build(depth + 1);
    return row;
  };
  return build(0);
}
