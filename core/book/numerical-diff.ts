import { rangeErrorIn } from "../i18n";
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
    throw rangeErrorIn("numericalDiff", "book.h", { h });
  }
  if (method === "central") return (f(x + h) - f(x - h)) / (2 * h);
  if (method === "forward") return (f(x + h) - f(x)) / h;
  throw rangeErrorIn("numericalDiff", "book.method", { method: JSON.stringify(method) });
}
