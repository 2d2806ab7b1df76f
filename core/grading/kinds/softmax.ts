import { softmax as bookSoftmax } from "../../book/softmax";
import { sum } from "../../book/sum";
import { text } from "../../i18n";
import type { Kind } from "../types";
import { intParam, nd, numParam, round, rows2 } from "./helpers";

/** Row-wise softmax of a batch of large scores (the book's [1010, 1000, 990] lesson). */
export const softmax: Kind = {
  name: "softmax",
  answerShape: (inp) => [inp.x.length, inp.x[0].length],
  generate(rng, params) {
    const rows = intParam(params, "rows", 2, 1, 50);
    const cols = intParam(params, "cols", 4, 2, 50);
    const base = numParam(params, "base", 1000, -1e6, 1e6);
    const spread = numParam(params, "spread", 5, 0, 1000);
    const x = Array.from({ length: rows }, () =>
      Array.from({ length: cols }, () => round(base + spread * rng.randn(), 1)),
    );
    return {
      statement: text("statement.softmax", { rows, cols }),
      inputs: { x },
    };
  },
  solve: (inp) => bookSoftmax(rows2(inp.x)),
  mistakes(inp) {
    const x = rows2(inp.x);
    const [rows, cols] = x.shape;
    const naive = new Float64Array(x.data.length);
    for (let r = 0; r < rows; r++) {
      const e = x.data.subarray(r * cols, (r + 1) * cols).map(Math.exp);
      const total = sum(e);
      for (let j = 0; j < cols; j++) naive[r * cols + j] = e[j] / total;
    }
    let max = -Infinity;
    for (const v of x.data) max = Math.max(max, v);
    const e = x.data.map((v) => Math.exp(v - max));
    const total = sum(e);
    return [
      {
        id: "softmax-overflow",
        message: text("mistake.softmax.softmax-overflow"),
        value: nd(naive, x.shape),
      },
      {
        id: "softmax-whole-batch",
        message: text("mistake.softmax.softmax-whole-batch"),
        value: nd(
          e.map((v) => v / total),
          x.shape,
        ),
      },
    ];
  },
};
