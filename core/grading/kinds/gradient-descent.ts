import { compileArray, parseExpression } from "../../expr";
import { gradientDescent } from "../../gradient-descent";
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
    const what =
      answer === "x"
        ? "Answer: the final x, a list of 2 numbers."
        : `Answer: the history, np.array(x_history) — x before each step, ${stepNum} rows of 2 numbers (the first row is init_x).`;
    return {
      statement:
        `Run the book's gradient_descent(f, init_x, lr=${lr}, step_num=${stepNum}) with f(x) = ${f} and ` +
        `init_x = [${initX.join(", ")}] (numerical_gradient with h = 1e-4, x -= lr * grad). ${what}`,
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
    const pick = (r: { x: NDArray; history: NDArray[] }): NDArray => (inp.answer === "history" ? stack(r.history, n) : r.x);
    const steps = inp.step_num;
    const out: Mistake[] = [
      {
        id: "ascent",
        message: "Your x climbs instead of descending: the gradient points uphill, so the update is x -= lr * grad (you added it).",
        value: pick(variantDescent(f, init(inp), { lr: inp.lr, steps, ascent: true })),
      },
      {
        id: "default-lr",
        message: `Your answer used the default learning rate lr = 0.01: pass lr=${inp.lr} as the problem says.`,
        value: pick(variantDescent(f, init(inp), { lr: 0.01, steps })),
      },
      {
        id: "forward-difference",
        message: "Your gradients were forward differences (f(x+h) - f(x)) / h; the book's numerical_gradient uses the central difference.",
        value: pick(variantDescent(f, init(inp), { lr: inp.lr, steps, forward: true })),
      },
    ];
    if (inp.answer === "history") {
      const r = variantDescent(f, init(inp), { lr: inp.lr, steps });
      out.push(
        {
          id: "history-after-step",
          message: "Your history is shifted by one step: append x.copy() to x_history before the update, so the first row is init_x.",
          value: stack(r.after, n),
        },
        {
          id: "history-not-copied",
          message:
            "Every row of your history is the final x: x_history.append(x) stores the same array, which x -= ... keeps changing. Append x.copy().",
          value: stack(Array.from({ length: steps }, () => r.x), n),
        },
      );
    }
    return out;
  },
};
