/**
 * The fast float32 path of the book's simpleNet grown to MNIST (core/book/simple-net.ts, the
 * one definition, with a bias): y = softmax(x W + b), W (D x C), optional b (C). Forward and
 * backward side by side; x is sparse rows, the output lands in ws.out.
 *   backward: dA = (y - t)/N;  dW = x^T dA;  db = sum_rows dA
 */
import { sparseAffine, sparseWeightGrad } from "./kernels";
import type { Network32 } from "./network";
import { crossEntropyLoss, softmaxRows, softmaxWithLossBackward } from "./softmax-with-loss";
import type { SparseRows } from "./sparse-rows";
import type { Workspace } from "./workspace";

/** Probabilities (x.rows x C) into ws.out. */
export function simpleForward(net: Network32, x: SparseRows, ws: Workspace): void {
  const W = net.params.W;
  const C = W.shape[1];
  sparseAffine(x, W.data, net.params.b?.data ?? null, C, ws.out);
  softmaxRows(ws.out, x.rows, C);
}

/** Forward, loss and gradients (overwriting grads.W, grads.b); returns the mean cross-entropy. */
export function simpleGradient(
  net: Network32,
  x: SparseRows,
  labels: ArrayLike<number>,
  ws: Workspace,
  grads: Record<string, Float64Array>,
): number {
  simpleForward(net, x, ws);
  const C = net.params.W.shape[1];
  const loss = crossEntropyLoss(ws.out, labels, x.rows, C);
  softmaxWithLossBackward(ws.out, labels, x.rows, C);
  sparseWeightGrad(x, ws.out, C, grads.W, grads.b ?? null);
  return loss;
}
