/**
 * The book's TwoLayerNet (ch. 4/5): y = softmax(act(x W1 + b1) W2 + b2). Forward and backward
 * side by side, as TwoLayerNet.gradient:
 *   dA2 = (y - t)/N;  dW2 = z1^T dA2;  db2 = sum_rows dA2;  dz1 = dA2 W2^T
 *   dA1 = dz1 * act'(a1);  dW1 = x^T dA1 (only rows of nonzero pixels);  db1 = sum_rows dA1
 */
import { activationBackward, activationForward } from "./activation";
import { denseAffine, denseBackwardInput, denseWeightGrad, sparseAffine, sparseWeightGrad } from "./kernels";
import type { Network32 } from "./network";
import { crossEntropyLoss, softmaxRows, softmaxWithLossBackward } from "./softmax-with-loss";
import type { SparseRows } from "./sparse-rows";
import type { Workspace } from "./workspace";

/** Probabilities (x.rows x C) into ws.out; z1 stays in ws.hidden for the backward pass. */
export function twoLayerForward(net: Network32, x: SparseRows, ws: Workspace): void {
  const { W1, b1, W2, b2 } = net.params;
  const H = W1.shape[1];
  const C = W2.shape[1];
  const rows = x.rows;
  sparseAffine(x, W1.data, b1.data, H, ws.hidden);
  activationForward(net.activation ?? "sigmoid", ws.hidden, rows * H);
  denseAffine(ws.hidden, rows, H, W2.data, b2.data, C, ws.out);
  softmaxRows(ws.out, rows, C);
}

/** Forward, loss and gradients (overwriting grads.W1, b1, W2, b2); returns the mean cross-entropy. */
export function twoLayerGradient(
  net: Network32,
  x: SparseRows,
  labels: ArrayLike<number>,
  ws: Workspace,
  grads: Record<string, Float64Array>,
): number {
  twoLayerForward(net, x, ws);
  const { W1, W2 } = net.params;
  const H = W1.shape[1];
  const C = W2.shape[1];
  const rows = x.rows;
  const loss = crossEntropyLoss(ws.out, labels, rows, C);
  softmaxWithLossBackward(ws.out, labels, rows, C);
  denseWeightGrad(ws.hidden, ws.out, rows, H, C, grads.W2, grads.b2);
  denseBackwardInput(ws.out, rows, C, W2.data, H, ws.dHidden);
  activationBackward(net.activation ?? "sigmoid", ws.hidden, ws.dHidden, rows * H);
  sparseWeightGrad(x, ws.dHidden, H, grads.W1, grads.b1);
  return loss;
}
