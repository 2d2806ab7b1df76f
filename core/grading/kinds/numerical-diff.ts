import { numericalDiff } from "../../book/numerical-diff";
import { compileScalar, parseExpression } from "../../expr";
import { text } from "../../i18n";
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
      statement: text("statement.numerical_diff", { f, x }),
      inputs: { f, x },
    };
  },
  solve: (inp) => scalar(numericalDiff(fn(inp), inp.x)),
  mistakes(inp) {
    const f = fn(inp);
    return [
      {
        id: "forward-difference",
        message: text("mistake.numerical_diff.forward-difference"),
        value: scalar(numericalDiff(f, inp.x, { method: "forward" })),
      },
      {
        id: "tiny-h",
        message: text("mistake.numerical_diff.tiny-h"),
        value: scalar(numericalDiff(f, inp.x, { h: 1e-50 })),
      },
    ];
  },
};
