/**
 * The fast path's pluggable kernels. core/ computes with the plain TypeScript kernels
 * (core/nn/kernels.ts, the reference the tests compare against) unless an entry point installs
 * faster ones with setKernels: the Worker and the Node scripts install the Wasm SIMD kernels
 * (core/nn/wasm/wasm-kernels.ts), built from assembly/kernels.ts and imported at build time,
 * because core/ itself cannot load files or compile Wasm (Workers forbid runtime compilation).
 *
 * A kernel set may decline any call (an architecture, a size or a batch it does not handle) by
 * returning false / null; the caller then runs the TypeScript kernels, so results never depend
 * on whether a set is installed beyond the tolerance documented in core/nn/wasm/README.md.
 */
import type { Network32 } from "./network";
import type { Batch, SparseRows } from "./sparse-rows";

/**
 * A training run's state kept where the kernels compute (e.g. Wasm linear memory) for the whole
 * run: the weights (`network`, updated in place), the gradients and the momentum velocities. A
 * step is gradient() then update(); nothing is copied between the two or between steps.
 */
export interface TrainingSession {
  /** The weights being trained; read them freely, write them only through update(). */
  readonly network: Network32;
  /**
   * Mean cross-entropy of the batch rows select[0..count) of x (all `count` first rows when select
   * is undefined) with these labels; the gradients stay in the session for update().
   */
  gradient(x: Batch, select: ArrayLike<number> | undefined, count: number, labels: ArrayLike<number>): number;
  /**
   * The Trainer's update with the last gradients, bit for bit the same float64 operations as its
   * TypeScript loop (core/nn/train.ts). Returns the sum of the new params (only its finiteness is used).
   */
  update(learningRate: number, momentum: number, weightDecay: number): number;
}

export interface FastKernels {
  readonly name: string;
  /**
   * Softmax probabilities of every row of x, chunk by chunk: visit(probs, firstRow, rows) with
   * probs (rows x C) valid only during the call. Returns false, before visiting, if declined.
   */
  forEachChunk(net: Network32, x: Batch, visit: (probs: Float32Array, first: number, rows: number) => void): boolean;
  /** Mean cross-entropy and the gradients (overwriting grads) of a sparse batch; null if declined. */
  gradient(
    net: Network32,
    x: SparseRows,
    labels: ArrayLike<number>,
    grads: Record<string, Float64Array>,
  ): number | null;
  /**
   * The same network with its params copied where these kernels read them without a copy per
   * call (e.g. Wasm linear memory), or the network itself if that is not possible. Callers that
   * predict many times with one network (the model cache) use it; nobody may write to the copy.
   */
  resident(net: Network32): Network32;
  /**
   * Optional: a TrainingSession on a copy of net for batches of up to batchSize rows, with a
   * velocity buffer when momentum is used; null if declined (the Trainer then runs gradientSparse
   * and its own update loop).
   */
  trainingSession?(net: Network32, batchSize: number, momentum: boolean): TrainingSession | null;
}

let installed: FastKernels | null = null;

/** Installs a kernel set for the whole process/isolate (null = the TypeScript kernels only). */
export function setKernels(kernels: FastKernels | null): void {
  installed = kernels;
}

export function getKernels(): FastKernels | null {
  return installed;
}

/** net copied for the installed kernels (see FastKernels.resident), or net when none are installed. */
export function residentNetwork(net: Network32): Network32 {
  return installed === null ? net : installed.resident(net);
}
