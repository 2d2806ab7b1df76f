/**
 * The book's numerical gradient applied to a network's parameters (TwoLayerNet.numerical_gradient):
 * for every weight w, (L(w + h) - L(w - h)) / 2h with the loss of the float64 reference, perturbing
 * the parameter in place and restoring it, as the book's np.nditer loop. Costs two forward passes
 * of the batch per parameter, so it is only viable for tiny nets.
 */
import { numericalGradient } from "../book/numerical-gradient";
import type { Network } from "./network";
import { referenceLoss } from "./reference";

/** Numerical gradients of the mean cross-entropy; `net` must have float64 params (toFloat64). */
export function numericalNetworkGradient(
  net: Network,
  x: Float64Array,
  labels: ArrayLike<number>,
  rows: number,
  h = 1e-4,
): { loss: number; grads: Record<string, Float64Array> } {
  const grads: Record<string, Float64Array> = {};
  for (const [name, t] of Object.entries(net.params)) {
    if (!(t.data instanceof Float64Array))
      throw new TypeError(`numericalNetworkGradient: param "${name}" must be float64`);
    grads[name] = numericalGradient(
      () => referenceLoss(net, x, labels, rows),
      { data: t.data, shape: t.shape },
      h,
    ).data;
  }
  return { loss: referenceLoss(net, x, labels, rows), grads };
}
