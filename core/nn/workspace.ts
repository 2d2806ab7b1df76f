/**
 * Reusable buffers for the fast path, so that predicting or training allocates nothing per
 * batch once the workspace has grown to the largest batch seen.
 */
import type { Dims } from "./network";
import { emptySparseRows, type SparseRows } from "./sparse-rows";

export interface Workspace {
  capacity: number; // rows the dense buffers hold
  sparse: SparseRows; // the batch's nonzero pixels
  hidden: Float32Array; // z1 = act(x W1 + b1), rows x H
  dHidden: Float32Array; // dz1 then da1, rows x H
  out: Float32Array; // logits, then probabilities, then dA2 = (y - t)/N; rows x C
}

export function createWorkspace(dims: Dims, rows = 1): Workspace {
  return {
    capacity: rows,
    sparse: emptySparseRows(dims.input, rows, rows * Math.min(dims.input, 200)),
    hidden: new Float32Array(rows * dims.hidden),
    dHidden: new Float32Array(rows * dims.hidden),
    out: new Float32Array(rows * dims.output),
  };
}

/** Grows the dense buffers to hold `rows` rows of these dims (never shrinks). */
export function ensureWorkspace(ws: Workspace, dims: Dims, rows: number): Workspace {
  if (ws.capacity < rows || ws.hidden.length < rows * dims.hidden || ws.out.length < rows * dims.output) {
    const cap = Math.max(rows, ws.capacity);
    ws.capacity = cap;
    ws.hidden = new Float32Array(cap * dims.hidden);
    ws.dHidden = new Float32Array(cap * dims.hidden);
    ws.out = new Float32Array(cap * dims.output);
  }
  return ws;
}
