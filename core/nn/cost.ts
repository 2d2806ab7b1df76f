/**
 * The work of a training job, computed before it starts so the API can refuse jobs over its cap.
 * Counted in multiply-adds (dense-equivalent: sparsity of the digits only makes the real work smaller).
 *   forward per digit:  D*H + H*C   (simple: D*C)
 *   backprop per digit: 3x the forward (forward, dW, and the backward through the layers)
 *   numerical gradient: 2 forwards of the batch per parameter, per step (the book's method)
 *   evaluations:        a forward of train + test sets every evalEvery steps and at the end
 */
import { MNIST_INPUT } from "./network";
import { resolveOptions, type TrainOptions } from "./train";

export interface TrainingCost {
  parameters: number;
  multiplyAdds: number;
  perStep: number;
  evaluations: number;
  /** A rough wall-time estimate at MACS_PER_MS (measured for the backprop fast path on a 2-core dev machine). */
  estimatedMs: number;
}

/** Dense-equivalent multiply-adds per millisecond the fast path sustains (sparse digits, float32). */
export const MACS_PER_MS = 4e6;
/** The float64 reference (numerical mode) is dense and unblocked. */
export const REFERENCE_MACS_PER_MS = 5e5;

export function estimateTrainingCost(options: TrainOptions, data: { trainCount: number; testCount?: number; inputSize?: number; classes?: number }): TrainingCost {
  const o = resolveOptions(options, data.trainCount);
  const D = data.inputSize ?? MNIST_INPUT;
  const C = data.classes ?? 10;
  const H = o.hiddenSize;
  const forward = o.arch === "simple" ? D * C : D * H + H * C;
  const parameters = o.arch === "simple" ? D * C + (o.bias ? C : 0) : D * H + H + H * C + C;
  const perStep = o.gradient === "numerical" ? 2 * parameters * o.batchSize * forward + o.batchSize * forward : 3 * o.batchSize * forward;
  const evaluations = o.steps === 0 ? 0 : (o.evalEvery > 0 ? Math.floor(o.steps / o.evalEvery) : 0) + (o.evalEvery > 0 && o.steps % o.evalEvery === 0 ? 0 : 1);
  const evalMacs = evaluations * (data.trainCount + (data.testCount ?? 0)) * forward;
  const stepMacs = o.steps * perStep;
  const rate = o.gradient === "numerical" ? REFERENCE_MACS_PER_MS : MACS_PER_MS;
  return { parameters, multiplyAdds: stepMacs + evalMacs, perStep, evaluations, estimatedMs: stepMacs / rate + evalMacs / MACS_PER_MS };
}
