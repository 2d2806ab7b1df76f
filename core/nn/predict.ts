/**
 * Inference on the fast path: forward a batch (float rows 0..1 or uint8 rows 0..255) to
 * probabilities, and predict labels. Batches are processed in chunks of CHUNK rows so the
 * buffers stay in cache and a workspace never needs more than CHUNK rows.
 */
import { getKernels } from "./kernel-registry";
import { asFloat32, type Network, type Network32, networkDims, validateNetwork } from "./network";
import { simpleForward } from "./simple";
import { argmaxRows } from "./softmax-with-loss";
import { type Batch, checkBatch, toSparseRows } from "./sparse-rows";
import { twoLayerForward } from "./two-layer";
import { createWorkspace, ensureWorkspace, type Workspace } from "./workspace";

export const CHUNK = 500;

/**
 * Calls visit(probabilities, firstRow, rows) for consecutive chunks of the batch; the
 * probabilities view (rows x C) is only valid during the call. Expects a validated network.
 */
export function forEachChunk(
  net: Network,
  x: Batch,
  visit: (probs: Float32Array, first: number, rows: number) => void,
  ws?: Workspace,
): void {
  const n32: Network32 = asFloat32(net);
  const dims = networkDims(n32);
  checkBatch("forward", x, dims.input);
  const fast = getKernels(); // Wasm SIMD when installed (see kernel-registry.ts); declines fall through
  if (fast !== null && fast.forEachChunk(n32, x, visit)) return;
  const work = ensureWorkspace(
    ws ?? createWorkspace(dims, Math.min(CHUNK, Math.max(x.rows, 1))),
    dims,
    Math.min(CHUNK, x.rows),
  );
  const select = new Int32Array(Math.min(CHUNK, x.rows));
  for (let first = 0; first < x.rows; first += CHUNK) {
    const rows = Math.min(CHUNK, x.rows - first);
    for (let i = 0; i < rows; i++) select[i] = first + i;
    toSparseRows(x, work.sparse, select, rows);
    if (n32.arch === "simple") simpleForward(n32, work.sparse, work);
    else twoLayerForward(n32, work.sparse, work);
    visit(work.out.subarray(0, rows * dims.output), first, rows);
  }
}

/** Softmax probabilities, (rows x C) row-major float32. Validates the network (784 -> 10). */
export function forward(net: Network, x: Batch, ws?: Workspace): Float32Array {
  const dims = validateNetwork(net, { inputSize: x.cols, outputSize: null, finite: false });
  const out = new Float32Array(x.rows * dims.output);
  forEachChunk(net, x, (p, first) => out.set(p, first * dims.output), ws);
  return out;
}

export interface Predictions {
  labels: Uint8Array; // argmax per row
  probabilities: Float32Array; // rows x C
  classes: number; // C
}

/** The network's guess for every row, with its probabilities. */
export function predict(net: Network, x: Batch, ws?: Workspace): Predictions {
  const probabilities = forward(net, x, ws);
  const classes = networkDims(net).output;
  const labels = new Uint8Array(x.rows);
  argmaxRows(probabilities, x.rows, classes, labels);
  return { labels, probabilities, classes };
}
