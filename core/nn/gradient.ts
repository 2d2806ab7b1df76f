/**
 * Backprop gradients on the fast path (float32 weights and activations, float64 gradient
 * accumulation), for either architecture: the book's TwoLayerNet.gradient.
 */
import { getKernels } from "./kernel-registry";
import { checkLabels } from "./metrics";
import { asFloat32, type Network, networkDims, validateNetwork } from "./network";
import { simpleGradient } from "./simple";
import { type Batch, checkBatch, type SparseRows, toSparseRows } from "./sparse-rows";
import { twoLayerGradient } from "./two-layer";
import { createWorkspace, ensureWorkspace, type Workspace } from "./workspace";

export type Gradients = Record<string, Float64Array>;

/** Zeroed gradient buffers named and sized as the network's params. */
export function createGradients(net: Network): Gradients {
  const g: Gradients = {};
  for (const [name, t] of Object.entries(net.params)) g[name] = new Float64Array(t.data.length);
  return g;
}

/**
 * Gradients of the mean cross-entropy on a pre-sparsified batch (training calls this every step;
 * no validation, no allocation). Overwrites `grads`; returns the loss before the update.
 */
export function gradientSparse(
  net: Network,
  x: SparseRows,
  labels: ArrayLike<number>,
  ws: Workspace,
  grads: Gradients,
): number {
  const n32 = asFloat32(net);
  const fast = getKernels(); // Wasm SIMD when installed (see kernel-registry.ts); null = declined
  const loss = fast === null ? null : fast.gradient(n32, x, labels, grads);
  if (loss !== null) return loss;
  ensureWorkspace(ws, networkDims(n32), x.rows);
  return n32.arch === "simple"
    ? simpleGradient(n32, x, labels, ws, grads)
    : twoLayerGradient(n32, x, labels, ws, grads);
}

/** Validated entry point: {loss, grads} for a dense batch (float 0..1 or uint8 0..255 rows). */
export function gradient(
  net: Network,
  x: Batch,
  labels: ArrayLike<number>,
  ws?: Workspace,
): { loss: number; grads: Gradients } {
  const dims = validateNetwork(net, { inputSize: x.cols, outputSize: null, finite: false });
  checkBatch("gradient", x, dims.input);
  checkLabels("gradient", labels, x.rows, dims.output);
  const work = ws ?? createWorkspace(dims, x.rows);
  toSparseRows(x, work.sparse);
  const grads = createGradients(net);
  const loss = gradientSparse(net, work.sparse, labels, work, grads);
  return { loss, grads };
}
