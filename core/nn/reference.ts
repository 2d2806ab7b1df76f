/**
 * The plain, obviously correct float64 implementation of both networks, line for line the
 * book's code (common/functions.py, ch04/two_layer_net.py; `simple` is core/book's SimpleNet
 * itself, with its bias): dense loops, no sparsity, no blocking. Tests check the fast path against it, and it against numpy (fixtures/generate_nn.py).
 * It is also what the numerical-gradient training mode differentiates.
 */
import { CEE_DELTA } from "../book/cross-entropy-error";
import { SimpleNet } from "../book/simple-net";
import { softmax as bookSoftmax } from "../book/softmax";
import type { NDArray } from "../ndarray";
import type { Network, Tensor } from "./network";
import { type Batch, U8_SCALE } from "./sparse-rows";

/** Input rows as float64: uint8 scaled as load_mnist(normalize=True), floats as given. */
export function referenceInputs(x: Batch): Float64Array {
  const out = new Float64Array(x.data.length);
  if (x.data instanceof Uint8Array) for (let i = 0; i < out.length; i++) out[i] = U8_SCALE[x.data[i]];
  else out.set(x.data);
  return out;
}

/** A parameter as the book's float64 array: its own data when float64 (so a perturbation in place is seen), else a copy. */
function float64(t: Tensor): NDArray {
  return { data: t.data instanceof Float64Array ? t.data : Float64Array.from(t.data), shape: t.shape };
}

/** np.dot(a, W) + b for a (rows x k), W (k x n). */
function affine(
  a: Float64Array,
  rows: number,
  k: number,
  W: ArrayLike<number>,
  b: ArrayLike<number> | undefined,
  n: number,
): Float64Array {
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += a[r * k + i] * W[i * n + j];
      out[r * n + j] = b ? s + b[j] : s;
    }
  }
  return out;
}

/** softmax over each row: exp(x - max) / sum exp(x - max). */
function softmax(a: Float64Array, rows: number, n: number): Float64Array {
  const y = new Float64Array(a.length);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let j = 0; j < n; j++) max = Math.max(max, a[r * n + j]);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.exp(a[r * n + j] - max);
    for (let j = 0; j < n; j++) y[r * n + j] = Math.exp(a[r * n + j] - max) / sum;
  }
  return y;
}

export interface ReferenceForward {
  z1?: Float64Array; // act(a1), rows x H (two-layer)
  y: Float64Array; // probabilities, rows x C
}

export function referenceForward(net: Network, x: Float64Array, rows: number): ReferenceForward {
  const p = net.params;
  if (net.arch === "simple") {
    const simple = new SimpleNet(float64(p.W), p.b && float64(p.b));
    return { y: bookSoftmax(simple.predict({ data: x, shape: [rows, p.W.shape[0]] })).data };
  }
  const [D, H] = p.W1.shape;
  const C = p.W2.shape[1];
  const a1 = affine(x, rows, D, p.W1.data, p.b1.data, H);
  const z1 = a1.map((v) => (net.activation === "relu" ? Math.max(0, v) : 1 / (1 + Math.exp(-v))));
  return { z1, y: softmax(affine(z1, rows, H, p.W2.data, p.b2.data, C), rows, C) };
}

/** cross_entropy_error(y, t) with label t: -sum log(y[r, t_r] + 1e-7) / rows. */
export function referenceLoss(net: Network, x: Float64Array, labels: ArrayLike<number>, rows: number): number {
  const { y } = referenceForward(net, x, rows);
  const C = y.length / rows;
  let s = 0;
  for (let r = 0; r < rows; r++) s += Math.log(y[r * C + labels[r]] + CEE_DELTA);
  return -s / rows;
}

/** TwoLayerNet.gradient (and simpleNet's analytic counterpart), in float64. */
export function referenceGradient(
  net: Network,
  x: Float64Array,
  labels: ArrayLike<number>,
  rows: number,
): { loss: number; grads: Record<string, Float64Array> } {
  const p = net.params;
  const { z1, y } = referenceForward(net, x, rows);
  const C = y.length / rows;
  let s = 0;
  for (let r = 0; r < rows; r++) s += Math.log(y[r * C + labels[r]] + CEE_DELTA);
  const loss = -s / rows;
  // dy = (y - t) / batch_num
  const dy = new Float64Array(y.length);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < C; j++) dy[r * C + j] = (y[r * C + j] - (labels[r] === j ? 1 : 0)) / rows;
  // dW = a^T dy, db = sum over rows of dy
  const weightGrad = (a: Float64Array, k: number): [Float64Array, Float64Array] => {
    const dW = new Float64Array(k * C);
    const db = new Float64Array(C);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < C; j++) {
        let acc = 0;
        for (let r = 0; r < rows; r++) acc += a[r * k + i] * dy[r * C + j];
        dW[i * C + j] = acc;
      }
    for (let j = 0; j < C; j++) for (let r = 0; r < rows; r++) db[j] += dy[r * C + j];
    return [dW, db];
  };
  if (net.arch === "simple") {
    const D = p.W.shape[0];
    const [dW, db] = weightGrad(x, D);
    return { loss, grads: "b" in p ? { W: dW, b: db } : { W: dW } };
  }
  const [D, H] = p.W1.shape;
  const [dW2, db2] = weightGrad(z1!, H);
  // da1 = dy W2^T * act'(a1)
  const da1 = new Float64Array(rows * H);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < H; i++) {
      let acc = 0;
      for (let j = 0; j < C; j++) acc += dy[r * C + j] * p.W2.data[i * C + j];
      const z = z1![r * H + i];
      da1[r * H + i] = net.activation === "relu" ? (z > 0 ? acc : 0) : acc * (1 - z) * z;
    }
  const dW1 = new Float64Array(D * H);
  const db1 = new Float64Array(H);
  for (let d = 0; d < D; d++)
    for (let i = 0; i < H; i++) {
      let acc = 0;
      for (let r = 0; r < rows; r++) acc += x[r * D + d] * da1[r * H + i];
      dW1[d * H + i] = acc;
    }
  for (let i = 0; i < H; i++) for (let r = 0; r < rows; r++) db1[i] += da1[r * H + i];
  return { loss, grads: { W1: dW1, b1: db1, W2: dW2, b2: db2 } };
}
