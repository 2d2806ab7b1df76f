import { gradientDescent } from "../../book/gradient-descent";
import { compileArray, parseExpression } from "../../expr";
import { text } from "../../i18n";
import type { NDArray } from "../../ndarray";
import type { Kind, Mistake } from "../types";
import { stack, variantDescent } from "./calculus-variants";
import { intParam, nd, uniform } from "./helpers";
import { bowl } from "./numerical-gradient";

const fn = (inp: Record<string, any>) => compileArray(parseExpression(inp.f));
const init = (inp: Record<string, any>): NDArray => nd(inp.init_x, [inp.init_x.length]);

/**
 * The book's gradient_descent(f, init_x, lr, step_num) (ch04/gradient_method.py), answered as
 * the final x (params.answer = "x") or as np.array(x_history), the x before each step ("history").
 */
export const gradientDescentKind: Kind = {
  name: "gradient_descent",
  answerShape: (inp) => (inp.answer === "history" ? [inp.step_num, inp.init_x.length] : [inp.init_x.length]),
  tolerance: { rtol: 1e-7, atol: 1e-9 },
  generate(rng, params) {
    const answer = params.answer === "history" ? "history" : "x";
    if (params.answer !== undefined && params.answer !== "x" && params.answer !== "history") {
      throw new RangeError(`params.answer must be "x" or "history", got ${JSON.stringify(params.answer)}`);
    }
    const stepNum = intParam(params, "step_num", 10 + rng.randint(11), 1, 1000);
    const f = bowl(rng, false);
    const initX = [uniform(rng, -5, -1, 1), uniform(rng, 1, 5, 1)];
    const lr = [0.05, 0.1, 0.2][rng.randint(3)];
    return {
      statement: text(answer === "x" ? "statement.gradient_descent.x" : "statement.gradient_descent.history", {
        lr,
        step_num: stepNum,
        f,
        init_x: `[${initX.join(", ")}]`,
      }),
      inputs: { f, init_x: initX, lr, step_num: stepNum, answer },
    };
  },
  solve(inp) {
    const r = gradientDescent(fn(inp), init(inp), { lr: inp.lr, stepNum: inp.step_num });
    return inp.answer === "history" ? stack(r.history, inp.init_x.length) : r.x;
  },
  mistakes(inp) {
    const f = fn(inp);
    const n = inp.init_x.length;
    const pick = (r: { x: NDArray; history: NDArray[] }): NDArray =>
      inp.answer === "history" ? stack(r.history, n) : r.x;
    const steps = inp.step_num;
    const out: Mistake[] = [
      {
        id: "ascent",
        message: text("mistake.gradient_descent.ascent"),
        value: pick(variantDescent(f, init(inp), { lr: inp.lr, steps, ascent: true })),
      },
      {
        id: "default-lr",
        message: text("mistake.gradient_descent.default-lr", { lr: inp.lr }),
        value: pick(variantDescent(f, init(inp), { lr: 0.01, steps })),
      },
      {
        id: "forward-difference",
        message: text("mistake.gradient_descent.forward-difference"),
        value: pick(variantDescent(f, init(inp), { lr: inp.lr, steps, forward: true })),
      },
    ];
    if (inp.answer === "history") {
      const r = variantDescent(f, init(inp), { lr: inp.lr, steps });
      out.push(
        {
          id: "history-after-step",
          message: text("mistake.gradient_descent.history-after-step"),
          value: stack(r.after, n),
        },
        {
          id: "history-not-copied",
          message: text("mistake.gradient_descent.history-not-copied"),
          value: stack(
            Array.from({ length: steps }, () => r.x),
            n,
          ),
        },
      );
    }
    return out;
  },
};
