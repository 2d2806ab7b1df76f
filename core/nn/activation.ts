/**
 * Hidden-layer activations, forward and backward side by side (the book's Sigmoid and Relu layers).
 * In place on a float32 buffer of `n` values. The backward functions take the forward *output*
 * z = act(a), which is all either derivative needs:
 *   sigmoid: z = 1 / (1 + exp(-a)),  dz/da = (1 - z) z        (the book's sigmoid_grad)
 *   relu:    z = max(0, a),          dz/da = 1 if a > 0 else 0 (a > 0 exactly when z > 0)
 */
import type { Activation } from "./network";

export function activationForward(kind: Activation, a: Float32Array, n: number): void {
  if (kind === "relu") {
    for (let i = 0; i < n; i++) if (a[i] < 0) a[i] = 0;
  } else {
    for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-a[i]));
  }
}

/** dA = dZ * act'(A), in place on dz; z is the forward output. */
export function activationBackward(kind: Activation, z: Float32Array, dz: Float32Array, n: number): void {
  if (kind === "relu") {
    for (let i = 0; i < n; i++) if (z[i] <= 0) dz[i] = 0;
  } else {
    for (let i = 0; i < n; i++) {
      const s = z[i];
      dz[i] = dz[i] * (1 - s) * s;
    }
  }
}
