import { crossEntropyError } from "../../book/cross-entropy-error";
import { sum } from "../../book/sum";
import { text } from "../../i18n";
import type { Kind, Mistake } from "../types";
import { intParam, nd, oneHot, probabilities, rows2, scalar } from "./helpers";

const DELTA = 1e-7;

/**
 * The book's batch cross_entropy_error, -np.sum(t * np.log(y + 1e-7)) / batch_size, in three
 * forms chosen by params.target and params.batch: one vector y with a one-hot t (batch 0),
 * a batch with one-hot rows, or a batch with labels (t[i] is the class of row i).
 */
export const crossEntropy: Kind = {
  name: "cross_entropy",
  answerShape: () => [],
  generate(rng, params) {
    const n = intParam(params, "classes", 10, 2, 100);
    const batch = intParam(params, "batch", 0, 0, 100);
    const labelsTarget = params.target === "labels";
    if (params.target !== undefined && params.target !== "labels" && params.target !== "one-hot") {
      throw new RangeError(`params.target must be "one-hot" or "labels", got ${JSON.stringify(params.target)}`);
    }
    if (batch === 0) {
      if (labelsTarget) throw new RangeError('params.target "labels" needs params.batch >= 1');
      const label = rng.randint(n);
      return {
        statement: text("statement.cross_entropy.one", { label }),
        inputs: { y: probabilities(rng, n, label), t: oneHot(label, n) },
      };
    }
    const labels = Array.from({ length: batch }, () => rng.randint(n));
    const y = labels.map((l) => probabilities(rng, n, l));
    const t = labelsTarget ? labels : labels.map((l) => oneHot(l, n));
    return {
      statement: text(labelsTarget ? "statement.cross_entropy.batch-labels" : "statement.cross_entropy.batch-one-hot", {
        batch,
        classes: n,
      }),
      inputs: { y, t },
    };
  },
  solve: (inp) => scalar(crossEntropyError(yOf(inp), tOf(inp))),
  mistakes(inp) {
    const y = yOf(inp);
    const t = tOf(inp);
    const batch = y.shape.length === 2 ? y.shape[0] : 1;
    const expected = crossEntropyError(y, t);
    const out: Mistake[] = [
      {
        id: "no-delta",
        message: text("mistake.cross_entropy.no-delta"),
        value: scalar(crossEntropyError(y, t, 0)),
      },
      {
        id: "missing-minus",
        message: text("mistake.cross_entropy.missing-minus"),
        value: scalar(-expected),
      },
    ];
    if (y.shape.length === 2) {
      out.push({
        id: "summed-over-batch",
        message: text("mistake.cross_entropy.summed-over-batch", { batch }),
        value: scalar(expected * batch),
      });
    }
    // Labels fed to the one-hot formula: t (batch,) broadcasts against y (batch, classes) when
    // batch == classes, so numpy silently computes sum_ij t[j] * log(y[i, j] + delta).
    if (t.shape.length === 1 && y.shape.length === 2 && y.shape[0] === y.shape[1]) {
      const n = y.shape[1];
      const terms = new Float64Array(y.data.length);
      for (let i = 0; i < y.data.length; i++) terms[i] = t.data[i % n] * Math.log(y.data[i] + DELTA);
      out.push({
        id: "label-onehot-confusion",
        message: text("mistake.cross_entropy.label-onehot-confusion"),
        value: scalar(-sum(terms) / batch),
      });
    }
    return out;
  },
};

function yOf(inp: Record<string, any>) {
  return Array.isArray(inp.y[0]) ? rows2(inp.y) : nd(inp.y, [inp.y.length]);
}

function tOf(inp: Record<string, any>) {
  if (Array.isArray(inp.t[0])) return rows2(inp.t);
  return nd(inp.t, [inp.t.length]);
}
