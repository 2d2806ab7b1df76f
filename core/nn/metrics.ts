import { rangeErrorIn } from "../i18n";
/**
 * Evaluation on the fast path: accuracy (argmax of y equals the label, as the book's
 * TwoLayerNet.accuracy), loss (cross_entropy_error, delta 1e-7, mean over the batch) and the
 * confusion matrix (rows = true label, columns = predicted), computed in one pass.
 */

import { CEE_DELTA } from "../book/cross-entropy-error";
import { type Network, networkDims, validateNetwork } from "./network";
import { forEachChunk } from "./predict";
import type { Batch } from "./sparse-rows";
import type { Workspace } from "./workspace";

export interface Evaluation {
  accuracy: number;
  loss: number;
  confusion: number[][];
  count: number;
}

export function checkLabels(fn: string, labels: ArrayLike<number>, rows: number, classes: number): void {
  if (labels.length !== rows) throw rangeErrorIn(fn, "nn.labels-count", { labels: labels.length, rows });
  for (let i = 0; i < rows; i++) {
    const t = labels[i];
    if (!Number.isInteger(t) || t < 0 || t >= classes)
      throw rangeErrorIn(fn, "nn.label-class", { label: t, index: i, classes });
  }
}

export function evaluate(net: Network, x: Batch, labels: ArrayLike<number>, ws?: Workspace): Evaluation {
  validateNetwork(net, { inputSize: x.cols, outputSize: null, finite: false });
  const C = networkDims(net).output;
  checkLabels("evaluate", labels, x.rows, C);
  const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  let correct = 0;
  let logSum = 0;
  forEachChunk(
    net,
    x,
    (p, first, rows) => {
      for (let r = 0; r < rows; r++) {
        const o = r * C;
        let best = 0;
        for (let j = 1; j < C; j++) if (p[o + j] > p[o + best]) best = j;
        const t = labels[first + r];
        confusion[t][best]++;
        if (best === t) correct++;
        logSum += Math.log(p[o + t] + CEE_DELTA);
      }
    },
    ws,
  );
  const n = x.rows;
  return { accuracy: n ? correct / n : NaN, loss: n ? -logSum / n : NaN, confusion, count: n };
}
