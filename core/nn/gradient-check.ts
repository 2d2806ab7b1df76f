/**
 * The book's gradient_check.py: for each parameter, the mean absolute difference between the
 * backprop gradient and the numerical gradient on a few samples,
 *   diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key]))
 *
 * The numerical gradient is the book's (perturb w by +-h, (L+ - L-) / 2h, restore), computed
 * with the float64 reference forward but without redoing the whole forward pass per weight:
 * perturbing one weight changes one pre-activation per row (one hidden unit for W1/b1, one
 * class score for W2/b2/W/b), and rows whose input pixel is 0 do not change at all. Only what
 * changes is recomputed, with the reference's own summation order, so every loss, and hence
 * every gradient entry, is bit-for-bit what numericalNetworkGradient (a full forward per
 * perturbation) gives — ~30x fewer operations for 784-50-10 on 3 digits.
 */
import { CEE_DELTA } from "../book/cross-entropy-error";
import { numericalGradient } from "../book/numerical-gradient";
import type { Network } from "./network";
import { referenceGradient } from "./reference";

/** sum_i a[aOff + i] * W[i * n + j] for i < k, then + b (as the reference's affine). */
function dot(
  a: Float64Array,
  aOff: number,
  k: number,
  W: ArrayLike<number>,
  n: number,
  j: number,
  b: ArrayLike<number> | undefined,
): number {
  let s = 0;
  for (let i = 0; i < k; i++) s += a[aOff + i] * W[i * n + j];
  return b ? s + b[j] : s;
}

/** log(softmax(row)[t] + delta) for one row of scores, as the reference's softmax. */
function logProb(scores: Float64Array, off: number, n: number, t: number): number {
  let max = -Infinity;
  for (let j = 0; j < n; j++) max = Math.max(max, scores[off + j]);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += Math.exp(scores[off + j] - max);
  return Math.log(Math.exp(scores[off + t] - max) / sum + CEE_DELTA);
}

/**
 * Numerical gradients of the mean cross-entropy for a float64 network, equal bit for bit to
 * numericalNetworkGradient(net, x, labels, rows, h). `net` is perturbed and restored in place.
 */
export function fastNumericalGradient(
  net: Network,
  x: Float64Array,
  labels: ArrayLike<number>,
  rows: number,
  h = 1e-4,
): { loss: number; grads: Record<string, Float64Array> } {
  for (const [name, t] of Object.entries(net.params)) {
    if (!(t.data instanceof Float64Array))
      throw new TypeError(`fastNumericalGradient: param "${name}" must be float64`);
  }
  const p = net.params;
  const two = net.arch === "two-layer";
  const W1 = two ? p.W1 : p.W;
  const [D, K] = W1.shape; // K = hidden units (two-layer) or classes (simple)
  const C = two ? p.W2.shape[1] : K;
  const act = (v: number) => (net.activation === "relu" ? Math.max(0, v) : 1 / (1 + Math.exp(-v)));
  const b1 = two ? p.b1?.data : p.b?.data;

  // The unperturbed forward: first-layer sums, activations, scores, per-row log terms.
  const a1 = new Float64Array(rows * K);
  for (let r = 0; r < rows; r++) for (let j = 0; j < K; j++) a1[r * K + j] = dot(x, r * D, D, W1.data, K, j, b1);
  const z1 = two ? a1.map(act) : a1;
  const scores = two ? new Float64Array(rows * C) : a1;
  if (two)
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < C; j++) scores[r * C + j] = dot(z1, r * K, K, p.W2.data, C, j, p.b2.data);
  const base = new Float64Array(rows);
  for (let r = 0; r < rows; r++) base[r] = logProb(scores, r * C, C, labels[r]);
  const lossFrom = (terms: Float64Array) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += terms[r];
    return -s / rows;
  };

  const terms = new Float64Array(rows);
  const rowScores = new Float64Array(C);
  const zRow = new Float64Array(K);
  /** Loss with first-layer unit j recomputed for the rows `affected` says (others as cached). */
  const firstLayerLoss = (j: number, affected: (r: number) => boolean): number => {
    for (let r = 0; r < rows; r++) {
      if (!affected(r)) {
        terms[r] = base[r];
        continue;
      }
      const v = dot(x, r * D, D, W1.data, K, j, b1);
      if (!two) {
        rowScores.set(scores.subarray(r * C, r * C + C));
        rowScores[j] = v;
      } else {
        zRow.set(z1.subarray(r * K, r * K + K));
        zRow[j] = act(v);
        for (let c = 0; c < C; c++) rowScores[c] = dot(zRow, 0, K, p.W2.data, C, c, p.b2.data);
      }
      terms[r] = logProb(rowScores, 0, C, labels[r]);
    }
    return lossFrom(terms);
  };
  /** Loss with class score c recomputed in every row (a W2 or b2 perturbation). */
  const secondLayerLoss = (c: number): number => {
    for (let r = 0; r < rows; r++) {
      rowScores.set(scores.subarray(r * C, r * C + C));
      rowScores[c] = dot(z1, r * K, K, p.W2.data, C, c, p.b2.data);
      terms[r] = logProb(rowScores, 0, C, labels[r]);
    }
    return lossFrom(terms);
  };

  const grads: Record<string, Float64Array> = {};
  // The book's numerical_gradient, with a loss that recomputes only what element i changes.
  const perturb = (name: string, loss: (i: number) => number): void => {
    const { data, shape } = p[name];
    if (!(data instanceof Float64Array)) throw new TypeError(`fastNumericalGradient: param "${name}" must be float64`);
    grads[name] = numericalGradient((_, i) => loss(i), { data, shape }, h).data;
  };
  for (const name of Object.keys(p)) {
    if (name === "W1" || name === "W")
      perturb(name, (i) => firstLayerLoss(i % K, (r) => x[r * D + Math.floor(i / K)] !== 0));
    else if (name === "b1" || name === "b") perturb(name, (i) => firstLayerLoss(i, () => true));
    else if (name === "W2") perturb(name, (i) => secondLayerLoss(i % C));
    else perturb(name, (i) => secondLayerLoss(i)); // b2
  }
  return { loss: lossFrom(base), grads };
}

export interface ParamCheck {
  shape: number[];
  /** np.average(np.abs(backprop - numerical)), float64 backprop (the book's comparison). */
  meanAbsDiff: number;
  maxAbsDiff: number;
  /** The same against the float32 fast path that training uses. */
  fastMeanAbsDiff: number;
}

export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): { mean: number; max: number } {
  let s = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    s += d;
    if (d > max) max = d;
  }
  return { mean: a.length ? s / a.length : 0, max };
}

/** Per parameter: backprop (float64 reference and float32 fast path) against the numerical gradient. */
export function gradientCheck(
  net: Network,
  x: Float64Array,
  labels: ArrayLike<number>,
  rows: number,
  fastGrads: Record<string, Float64Array>,
  h = 1e-4,
): { loss: number; params: Record<string, ParamCheck> } {
  const numerical = fastNumericalGradient(net, x, labels, rows, h);
  const backprop = referenceGradient(net, x, labels, rows);
  const params: Record<string, ParamCheck> = {};
  for (const name of Object.keys(net.params)) {
    const ref = meanAbsDiff(backprop.grads[name], numerical.grads[name]);
    params[name] = {
      shape: [...net.params[name].shape],
      meanAbsDiff: ref.mean,
      maxAbsDiff: ref.max,
      fastMeanAbsDiff: meanAbsDiff(fastGrads[name], numerical.grads[name]).mean,
    };
  }
  return { loss: numerical.loss, params };
}
