export interface NumericalDiffOptions {
  /** Step size; the book's h = 1e-4 by default. */
  h?: number;
  /** "central" (the book's numerical_diff) or "forward" (its "bad" first attempt). */
  method?: "central" | "forward";
}

/**
 * The book's numerical derivative of a scalar function, with its exact operation order:
 *   central: (f(x+h) - f(x-h)) / (2*h)      forward: (f(x+h) - f(x)) / h
 */
export function numericalDiff(f: (x: number) => number, x: number, opts: NumericalDiffOptions = {}): number {
  const { h = 1e-4, method = "central" } = opts;
  if (!Number.isFinite(h) || h === 0) {
    throw new RangeError(`numericalDiff: h must be a finite non-zero number, got ${h}`);
  }
  if (method === "central") return (f(x + h) - f(x - h)) / (2 * h);
  if (method === "forward") return (f(x + h) - f(x)) / h;
  throw new RangeError(`numericalDiff: method must be "central" or "forward", got ${JSON.stringify(method)}`);
}
