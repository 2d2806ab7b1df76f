import { compileArray, parseExpression } from "../../expr";
import type { NDArray } from "../../ndarray";
import { numericalGradient } from "../../numerical-gradient";
import type { Random } from "../../random";
import type { Kind } from "../types";
import { variantGradient } from "./calculus-variants";
import { integer, nd, uniform } from "./helpers";

/** a*x[0]**2 + b*x[1]**2 + c*x[0]*x[1]: a quadratic bowl with a cross term (so a moved x[0] shows in df/dx1). */
export function bowl(rng: Random, cross: boolean): string {
  const a = uniform(rng, 0.5, 2, 2);
  const b = uniform(rng, 0.5, 2, 2);
  const c = uniform(rng, 0.2, 0.9, 2);
  return cross ? `${a}*x[0]**2 + ${b}*x[1]**2 + ${c}*x[0]*x[1]` : `${a}*x[0]**2 + ${b}*x[1]**2`;
}

const fn = (inp: Record<string, any>) => compileArray(parseExpression(inp.f));
const point = (inp: Record<string, any>): NDArray => nd(inp.x, [inp.x.length]);

/** The book's numerical_gradient(f, x) at an integer point such as the book's [3, 4]. */
export const numericalGradientKind: Kind = {
  name: "numerical_gradient",
  answerShape: (inp) => [inp.x.length],
  tolerance: { rtol: 1e-7, atol: 1e-9 },
  generate(rng) {
    const f = bowl(rng, true);
    const x = [0, 1].map(() => (rng.randint(2) ? 1 : -1) * integer(rng, 1, 5));
    return {
      statement:
        `Define f(x) = ${f} and compute the book's numerical_gradient(f, x) at x = [${x.join(", ")}] ` +
        "(central differences, h = 1e-4). The point is written with integers: make it a float array first. Answer: a list of 2 numbers.",
      inputs: { f, x },
    };
  },
  solve: (inp) => numericalGradient(fn(inp), point(inp)),
  mistakes(inp) {
    const f = fn(inp);
    const x = point(inp);
    return [
      {
        id: "integer-input",
        message:
          "Your gradient is what numpy gives for an integer array (np.array([3, 4]) is int64): x[idx] = tmp_val + h is " +
          "truncated back to an integer and grad is an integer array. Convert first: np.array(x, dtype=float).",
        value: variantGradient(f, x, { integer: true }),
      },
      {
        id: "forward-difference",
        message: "Your gradient uses the forward difference (f(x+h) - f(x)) / h; the book's numerical_gradient uses the central difference (f(x+h) - f(x-h)) / (2*h).",
        value: variantGradient(f, x, { forward: true }),
      },
      {
        id: "no-restore",
        message:
          "Your later partial derivatives were taken at a moved point: after computing grad[idx], restore x[idx] = tmp_val " +
          "before moving to the next element.",
        value: variantGradient(f, x, { noRestore: true }),
      },
      {
        id: "tiny-h",
        message: "Your gradient is all zeros: with h = 1e-50, x + h rounds back to x in float64. Use h = 1e-4.",
        value: variantGradient(f, x, { h: 1e-50 }),
      },
    ];
  },
};
