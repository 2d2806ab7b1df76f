import { compileScalar, parseExpression } from "../../expr";
import { numericalDiff } from "../../numerical-diff";
import type { Kind } from "../types";
import { scalar, uniform } from "./helpers";

/** A random cubic a*x**3 + b*x**2 + c*x in Python syntax, coefficients with two decimals. */
export function cubic(rng: import("../../random").Random): string {
  const a = uniform(rng, 0.01, 0.2, 2);
  const b = uniform(rng, -1, 1, 2);
  const c = uniform(rng, -2, 2, 2);
  const term = (k: number, s: string): string => `${k < 0 ? " - " : " + "}${Math.abs(k)}${s}`;
  return `${a}*x**3${term(b, "*x**2")}${term(c, "*x")}`;
}

const fn = (inp: Record<string, any>) => compileScalar(parseExpression(inp.f));

/** numerical_diff(f, x) = (f(x + h) - f(x - h)) / (2*h), h = 1e-4, at a point of a cubic. */
export const numericalDiffKind: Kind = {
  name: "numerical_diff",
  answerShape: () => [],
  tolerance: { rtol: 1e-7, atol: 1e-10 },
  generate(rng) {
    const f = cubic(rng);
    const x = uniform(rng, 1, 9, 1);
    return {
      statement:
        `Define f(x) = ${f} and compute the book's numerical_diff(f, x) at x = ${x}: ` +
        "the central difference (f(x+h) - f(x-h)) / (2*h) with h = 1e-4. Answer: one number.",
      inputs: { f, x },
    };
  },
  solve: (inp) => scalar(numericalDiff(fn(inp), inp.x)),
  mistakes(inp) {
    const f = fn(inp);
    return [
      {
        id: "forward-difference",
        message:
          "Your answer is the forward difference (f(x+h) - f(x)) / h. Its error is of order h; the central difference " +
          "(f(x+h) - f(x-h)) / (2*h) is accurate to order h**2.",
        value: scalar(numericalDiff(f, inp.x, { method: "forward" })),
      },
      {
        id: "tiny-h",
        message:
          "Your answer is 0: with h = 1e-50, x + h rounds back to x in float64 (rounding error), so f(x+h) - f(x-h) is 0. Use h = 1e-4.",
        value: scalar(numericalDiff(f, inp.x, { h: 1e-50 })),
      },
    ];
  },
};
