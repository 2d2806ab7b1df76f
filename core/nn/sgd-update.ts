/**
 * The Trainer's parameter update for one param (core/nn/train.ts), the reference the Wasm
 * `sgdUpdate` kernel matches bit for bit:
 *   g' = g + decay w                 L2 weight decay (the book's ch. 6; decay 0 = none)
 *   v = momentum v - lr g';  w += v   the book's Momentum (when a velocity buffer is given)
 *   w -= lr g'                        plain SGD (v = null)
 * in float64, each new weight rounded once to the param's storage. Returns the sum of the new
 * weights (the caller only checks that it is finite).
 */
export function sgdUpdate(
  w: Float32Array | Float64Array,
  g: Float64Array,
  v: Float64Array | null,
  lr: number,
  momentum: number,
  decay: number,
): number {
  let check = 0;
  for (let i = 0; i < w.length; i++) {
    const gi = decay !== 0 ? g[i] + decay * w[i] : g[i];
    if (v) {
      v[i] = momentum * v[i] - lr * gi;
      w[i] += v[i];
    } else {
      w[i] -= lr * gi;
    }
    check += w[i];
  }
  return check;
}
