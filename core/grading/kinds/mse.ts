import { meanSquaredError } from "../../book/mean-squared-error";
import { sum } from "../../book/sum";
import { text } from "../../i18n";
import type { Kind } from "../types";
import { intParam, nd, oneHot, probabilities, scalar } from "./helpers";

/** mean_squared_error(y, t) = 0.5 * np.sum((y - t)**2) on a softmax-like y and a one-hot t. */
export const mse: Kind = {
  name: "mse",
  answerShape: () => [],
  generate(rng, params) {
    const n = intParam(params, "classes", 10, 2, 100);
    const label = rng.randint(n);
    return {
      statement: text("statement.mse", { label }),
      inputs: { y: probabilities(rng, n, label), t: oneHot(label, n) },
    };
  },
  solve: (inp) => scalar(meanSquaredError(nd(inp.y, [inp.y.length]), nd(inp.t, [inp.t.length]))),
  mistakes(inp) {
    const squares = (inp.y as number[]).map((v, i) => (v - inp.t[i]) ** 2);
    const total = sum(Float64Array.from(squares));
    return [
      {
        id: "missing-half",
        message: text("mistake.mse.missing-half"),
        value: scalar(total),
      },
      {
        id: "mean-instead-of-half-sum",
        message: text("mistake.mse.mean-instead-of-half-sum"),
        value: scalar(total / squares.length),
      },
    ];
  },
};
