import { crossEntropyError } from "../../book/cross-entropy-error";
import { SimpleNet } from "../../book/simple-net";
import { text } from "../../i18n";
import type { NDArray } from "../../ndarray";
import type { Kind, Mistake } from "../types";
import { variantGradient } from "./calculus-variants";
import { nd, oneHot, round, rows2, scalar, uniform } from "./helpers";

const parts = (inp: Record<string, any>) => ({
  W: rows2(inp.W),
  x: nd(inp.x, [inp.x.length]),
  t: nd(inp.t, [inp.t.length]),
});

/**
 * The book's simpleNet (ch04/gradient_simplenet.py) with a given W: the loss
 * cross_entropy_error(softmax(np.dot(x, W)), t) (params.answer = "loss") or
 * dW = numerical_gradient(lambda w: net.loss(x, t), net.W) ("dW").
 */
export const simpleNetKind: Kind = {
  name: "simple_net",
  answerShape: (inp) => (inp.answer === "dW" ? [inp.W.length, inp.W[0].length] : []),
  generate(rng, params) {
    const answer = params.answer === "dW" ? "dW" : "loss";
    if (params.answer !== undefined && params.answer !== "loss" && params.answer !== "dW") {
      throw new RangeError(`params.answer must be "loss" or "dW", got ${JSON.stringify(params.answer)}`);
    }
    const W = [0, 1].map(() => [0, 1, 2].map(() => round(rng.randn(), 3)));
    const x = [uniform(rng, 0.1, 1, 1), uniform(rng, 0.1, 1, 1)];
    const label = rng.randint(3);
    return {
      statement: text(answer === "loss" ? "statement.simple_net.loss" : "statement.simple_net.dW", {
        x: `[${x.join(", ")}]`,
        label,
      }),
      inputs: { W, x, t: oneHot(label, 3), answer },
    };
  },
  solve(inp) {
    const { W, x, t } = parts(inp);
    const net = new SimpleNet(W);
    return inp.answer === "dW" ? net.numericalGradient(x, t) : scalar(net.loss(x, t));
  },
  mistakes(inp) {
    const { W, x, t } = parts(inp);
    const net = new SimpleNet(W);
    if (inp.answer !== "dW") {
      const z: NDArray = net.predict(x);
      return [
        {
          id: "no-softmax",
          message: text("mistake.simple_net.no-softmax"),
          value: scalar(crossEntropyError(z, t)),
        },
      ];
    }
    const f = (w: NDArray): number => new SimpleNet(w).loss(x, t);
    const out: Mistake[] = [
      {
        id: "forward-difference",
        message: text("mistake.simple_net.forward-difference"),
        value: variantGradient(f, W, { forward: true }),
      },
      {
        id: "tiny-h",
        message: text("mistake.simple_net.tiny-h"),
        value: variantGradient(f, W, { h: 1e-50 }),
      },
      {
        id: "sign-flipped",
        message: text("mistake.simple_net.sign-flipped"),
        value: { data: net.numericalGradient(x, t).data.map((v) => -v), shape: [2, 3] },
      },
    ];
    return out;
  },
};
