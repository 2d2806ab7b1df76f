import { numericalGradient } from "../../book/numerical-gradient";
import { compileArray, parseExpression } from "../../expr";
import { text } from "../../i18n";
import type { NDArray } from "../../ndarray";
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
      statement: text("statement.numerical_gradient", { f, x: `[${x.join(", ")}]` }),
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
        message: text("mistake.numerical_gradient.integer-input"),
        value: variantGradient(f, x, { integer: true }),
      },
      {
        id: "forward-difference",
        message: text("mistake.numerical_gradient.forward-difference"),
        value: variantGradient(f, x, { forward: true }),
      },
      {
        id: "no-restore",
        message: text("mistake.numerical_gradient.no-restore"),
        value: variantGradient(f, x, { noRestore: true }),
      },
      {
        id: "tiny-h",
        message: text("mistake.numerical_gradient.tiny-h"),
        value: variantGradient(f, x, { h: 1e-50 }),
      },
    ];
  },
};
